package io.crmpulse.jobs.activity;

import io.crmpulse.events.Activity;
import io.crmpulse.events.ActivityStatus;
import io.crmpulse.events.ActivityType;
import io.crmpulse.events.Direction;
import io.crmpulse.events.Outcome;

/**
 * What one record counts as, as bit flags (CONTRACT.md section 3). Only completed activities
 * count; an activity that counts as none of the call and conversation kinds has no flags (it may
 * still count in crmpulse_activities by its type). Logins and opportunities have a flag each.
 */
public final class ActivityKinds {
  public static final int OUTBOUND_CALL = 1;
  public static final int OUTBOUND_CALL_CONNECTED = 1 << 1;
  public static final int CONVERSATION = 1 << 2;
  /** A login record: what the rep's logins today count. */
  public static final int LOGIN = 1 << 3;
  /** An opportunity: what the owner's opportunities created count. */
  public static final int OPPORTUNITY = 1 << 4;

  private ActivityKinds() {}

  public static int of(Activity activity) {
    if (activity.getStatus() != ActivityStatus.COMPLETED) {
      return 0;
    }
    ActivityType type = activity.getType();
    Outcome outcome = activity.getOutcome();
    int kinds = 0;
    if (type == ActivityType.CALL && activity.getDirection() == Direction.OUTBOUND) {
      kinds |= OUTBOUND_CALL;
      if (outcome == Outcome.CONNECTED) {
        kinds |= OUTBOUND_CALL_CONNECTED;
      }
    }
    boolean connectedCall = type == ActivityType.CALL && outcome == Outcome.CONNECTED;
    boolean heldMeeting =
        (type == ActivityType.MEETING || type == ActivityType.VISIT) && outcome == Outcome.HELD;
    if (connectedCall || heldMeeting) {
      kinds |= CONVERSATION;
    }
    return kinds;
  }

  public static boolean has(int kinds, int flag) {
    return (kinds & flag) != 0;
  }
}
