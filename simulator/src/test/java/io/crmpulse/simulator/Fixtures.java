package io.crmpulse.simulator;

import io.crmpulse.events.Activity;
import io.crmpulse.events.ActivityStatus;
import io.crmpulse.events.ActivityType;
import io.crmpulse.events.ChangeType;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.Direction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Shared fixed instants and simulated streams for the tests. */
final class Fixtures {
  /** A Monday at midnight UTC. */
  static final Instant T0 = Instant.parse("2026-03-09T00:00:00Z");

  /** About two simulated weeks of the default options. */
  static final int TWO_WEEKS = 24_000;

  private static List<CrmEvent> twoWeeks;

  private Fixtures() {}

  static List<CrmEvent> first(SimulationOptions options, int count) {
    Simulation simulation = new Simulation(options);
    List<CrmEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(simulation.next());
    }
    return events;
  }

  /** Seed 7 from {@link #T0}, computed once per test JVM; callers must not modify the events. */
  static synchronized List<CrmEvent> twoWeeks() {
    if (twoWeeks == null) {
      twoWeeks = List.copyOf(first(SimulationOptions.defaults(7, T0), TWO_WEEKS));
    }
    return twoWeeks;
  }

  static boolean isCompletedOutboundCall(CrmEvent event) {
    Activity activity = event.getActivity();
    return activity != null
        && event.getChange() != ChangeType.DELETED
        && activity.getType() == ActivityType.CALL
        && activity.getDirection() == Direction.OUTBOUND
        && activity.getStatus() == ActivityStatus.COMPLETED;
  }
}
