package io.crmpulse.simulator;

import io.crmpulse.events.Activity;
import io.crmpulse.events.ActivityStatus;
import io.crmpulse.events.ActivityType;
import io.crmpulse.events.ChangeType;
import io.crmpulse.events.Direction;
import io.crmpulse.events.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How activities reach the CRM: calls are often logged minutes to hours after the call (never a
 * day), emails at once by the mail integration, and now and then a rep corrects an entry ({@code
 * updated}) or removes one logged by mistake ({@code deleted}).
 */
final class Logbook {
  static final double EDIT_CHANCE = 0.03;
  static final double DELETE_CHANCE = 0.015;
  private static final List<Outcome> MISSED =
      List.of(Outcome.NO_ANSWER, Outcome.VOICEMAIL, Outcome.BUSY);

  private final World world;

  Logbook(World world) {
    this.world = world;
  }

  /** A blank activity of the rep's with a fresh id. */
  Activity.Builder activity(RepProfile rep, ActivityType type, Direction direction) {
    return Activity.newBuilder()
        .setId(world.events.nextActivityId())
        .setRepId(rep.id())
        .setType(type)
        .setDirection(direction)
        .setStatus(ActivityStatus.COMPLETED);
  }

  /** When a call that ended at {@code end} shows up in the CRM. */
  Instant callLoggedAt(RepProfile rep, Instant end) {
    Dice dice = world.dice;
    if (!dice.chance(rep.lateLogging())) {
      return end.plus(dice.between(Duration.ofSeconds(5), Duration.ofSeconds(90)));
    }
    return dice.chance(0.7)
        ? end.plus(dice.between(Duration.ofMinutes(2), Duration.ofMinutes(60)))
        : end.plus(dice.between(Duration.ofHours(1), Duration.ofHours(6)));
  }

  /** Emails are logged by the mail integration within seconds. */
  Instant emailLoggedAt(Instant sent) {
    return sent.plus(world.dice.between(Duration.ofSeconds(1), Duration.ofSeconds(20)));
  }

  /** Records a new activity at {@code loggedAt}, sometimes to be corrected or deleted later. */
  void log(Activity activity, Instant loggedAt) {
    world.emit(world.events.activity(loggedAt, ChangeType.CREATED, activity));
    if (activity.getStatus() != ActivityStatus.COMPLETED) {
      return;
    }
    afterwards(activity, loggedAt);
  }

  /** Records a new version of an activity (a planned meeting that took place). */
  void update(Activity activity, Instant at) {
    world.emit(world.events.activity(at, ChangeType.UPDATED, activity));
    afterwards(activity, at);
  }

  private void afterwards(Activity activity, Instant loggedAt) {
    Dice dice = world.dice;
    boolean correctable =
        activity.getType() == ActivityType.CALL
            || activity.getType() == ActivityType.MEETING
            || activity.getType() == ActivityType.VISIT;
    if (correctable && dice.chance(EDIT_CHANCE)) {
      Instant at = loggedAt.plus(dice.between(Duration.ofMinutes(5), Duration.ofHours(3)));
      Activity snapshot = Copies.activity(activity);
      world.agenda.at(at, () -> correct(snapshot));
    } else if (dice.chance(DELETE_CHANCE)) {
      Instant at = loggedAt.plus(dice.between(Duration.ofMinutes(2), Duration.ofHours(4)));
      String id = activity.getId();
      world.agenda.at(at, () -> world.emit(world.events.activityDeleted(world.agenda.now(), id)));
    }
  }

  /**
   * The rep fixes the entry: a missed call's outcome (it was voicemail, not no answer), or the
   * time, entered as when it was logged rather than when it happened. Connected calls keep their
   * outcome, since the lead's story already depends on it.
   */
  private void correct(Activity original) {
    Dice dice = world.dice;
    Activity fixed = Copies.activity(original);
    if (MISSED.contains(original.getOutcome()) && dice.chance(0.6)) {
      Outcome other;
      do {
        other = dice.pick(MISSED);
      } while (other == original.getOutcome());
      fixed.setOutcome(other);
    } else {
      fixed.setOccurredAt(
          original
              .getOccurredAt()
              .minus(dice.between(Duration.ofMinutes(5), Duration.ofMinutes(45))));
    }
    world.emit(world.events.activity(world.agenda.now(), ChangeType.UPDATED, fixed));
  }
}
