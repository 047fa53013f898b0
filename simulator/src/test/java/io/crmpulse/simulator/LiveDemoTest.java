package io.crmpulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.events.Activity;
import io.crmpulse.events.ChangeType;
import io.crmpulse.events.CrmEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The live demo at speed 1 shows movement within a minute at any hour of any day: several reps'
 * calls today (completed outbound calls on the rep's local today, as crmpulse_calls_today counts
 * them) grow during the first simulated minute. Checked on the simulation the feed would run, in
 * simulated time, so it needs no wall clock.
 */
class LiveDemoTest {
  private static Set<String> repsWhoseCallsTodayGrow(long seed, Instant liveStart) {
    Simulation simulation =
        new Simulation(LiveFeed.Settings.defaults(seed, 1.0).options(liveStart));
    Map<String, ZoneId> zones = new HashMap<>();
    Set<String> grew = new TreeSet<>();
    Instant minuteLater = liveStart.plus(Duration.ofMinutes(1));
    for (Delivery delivery = simulation.nextDelivery();
        !delivery.at().isAfter(minuteLater);
        delivery = simulation.nextDelivery()) {
      CrmEvent event = delivery.event();
      if (event.getRep() != null) {
        zones.put(event.getRep().getId(), ZoneId.of(event.getRep().getTimeZone()));
      }
      if (delivery.at().isBefore(liveStart)
          || event.getChange() != ChangeType.CREATED
          || !Fixtures.isCompletedOutboundCall(event)) {
        continue;
      }
      Activity call = event.getActivity();
      ZoneId zone = zones.get(call.getRepId());
      if (call.getOccurredAt()
          .atZone(zone)
          .toLocalDate()
          .equals(delivery.at().atZone(zone).toLocalDate())) {
        grew.add(call.getRepId());
      }
    }
    return grew;
  }

  @Test
  void severalRepsCallWithinTheFirstMinuteAtAnyHourOfTheWeek() {
    Instant monday = Instant.parse("2026-03-09T00:00:00Z");
    for (int hour = 0; hour < 7 * 24; hour += 7) {
      Instant liveStart = monday.plus(Duration.ofHours(hour)).plusSeconds(17 * 60 + 23);
      assertThat(repsWhoseCallsTodayGrow(hour, liveStart))
          .as("reps whose calls today grow in the first minute from %s", liveStart)
          .hasSizeGreaterThanOrEqualTo(3);
    }
  }
}
