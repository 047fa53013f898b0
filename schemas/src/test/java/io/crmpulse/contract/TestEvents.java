package io.crmpulse.contract;

import io.crmpulse.events.Activity;
import io.crmpulse.events.ActivityStatus;
import io.crmpulse.events.ActivityType;
import io.crmpulse.events.ChangeType;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.Direction;
import io.crmpulse.events.EntityType;
import io.crmpulse.events.Outcome;
import io.crmpulse.events.Rep;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Event builders for tests: fixed instants, readable calls, unique event ids. */
public final class TestEvents {
  /** A Tuesday, 09:00 in Stockholm. */
  public static final Instant T0 = Instant.parse("2026-03-10T08:00:00Z");

  private static final AtomicLong IDS = new AtomicLong();

  private TestEvents() {}

  public static CrmEvent rep(String id, String team, String timeZone, Instant at) {
    return envelope(EntityType.REP, ChangeType.CREATED, at)
        .setRep(Rep.newBuilder().setId(id).setName("Rep " + id).setTeam(team)
            .setTimeZone(timeZone).setDailyCallTarget(40).setActive(true).build())
        .build();
  }

  /** A completed outbound call, logged at {@code at}, that took place at {@code occurredAt}. */
  public static CrmEvent call(String id, String repId, Outcome outcome, Instant occurredAt, Instant at) {
    return activity(ChangeType.CREATED, id, repId, ActivityType.CALL, Direction.OUTBOUND, outcome,
        ActivityStatus.COMPLETED, occurredAt, at);
  }

  public static CrmEvent activity(ChangeType change, String id, String repId, ActivityType type,
      Direction direction, Outcome outcome, ActivityStatus status, Instant occurredAt, Instant at) {
    return envelope(EntityType.ACTIVITY, change, at)
        .setActivity(Activity.newBuilder().setId(id).setRepId(repId).setType(type)
            .setDirection(direction).setOutcome(outcome).setStatus(status)
            .setOccurredAt(occurredAt).build())
        .build();
  }

  public static CrmEvent deleteActivity(String id, Instant at) {
    return envelope(EntityType.ACTIVITY, ChangeType.DELETED, at)
        .setActivity(Activity.newBuilder().setId(id).build())
        .build();
  }

  /** The same change again with a new event id and time: an edit of the record. */
  public static CrmEvent edited(CrmEvent event, Instant at, java.util.function.Consumer<Activity> edit) {
    CrmEvent copy = CrmEvent.newBuilder(event).setEventId(nextId()).setEventTime(at)
        .setChange(ChangeType.UPDATED).build();
    Activity activity = Activity.newBuilder(copy.getActivity()).build();
    edit.accept(activity);
    copy.setActivity(activity);
    return copy;
  }

  private static CrmEvent.Builder envelope(EntityType entity, ChangeType change, Instant at) {
    return CrmEvent.newBuilder().setEventId(nextId()).setEventTime(at).setSource("test")
        .setEntity(entity).setChange(change);
  }

  private static String nextId() {
    return "ev-" + IDS.incrementAndGet();
  }
}
