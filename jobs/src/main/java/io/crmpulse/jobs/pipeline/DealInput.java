package io.crmpulse.jobs.pipeline;

/**
 * One change that concerns a deal, routed by deal id: a version of the opportunity, a completed
 * activity linked to it coming or going (a touch), or a version of a snooze of its alerts.
 */
public class DealInput {
  public static final int VERSION = 0;
  public static final int TOUCH = 1;
  public static final int SNOOZE = 2;

  public int type;
  public String dealId;
  public long eventTime;
  /** VERSION and SNOOZE: the record version; TOUCH: the activity id. */
  public String eventId;
  public DealVersion version;
  public String activityId;
  /** TOUCH: every version of the activity known so far. */
  public TouchVersion[] touches;
  public SnoozeVersion snooze;

  public DealInput() {}

  public static DealInput version(DealVersion version) {
    DealInput in = new DealInput();
    in.type = VERSION;
    in.dealId = version.dealId;
    in.eventTime = version.eventTime;
    in.eventId = version.eventId;
    in.version = version;
    return in;
  }

  /**
   * What a deal learns when a version of an activity that names it, now or in any version, arrives:
   * all of the activity's versions.
   */
  public static DealInput touch(String dealId, String activityId, TouchVersion[] history,
      long eventTime) {
    DealInput in = new DealInput();
    in.type = TOUCH;
    in.dealId = dealId;
    in.eventTime = eventTime;
    in.eventId = activityId;
    in.activityId = activityId;
    in.touches = history;
    return in;
  }

  public static DealInput snooze(SnoozeVersion snooze) {
    DealInput in = new DealInput();
    in.type = SNOOZE;
    in.dealId = snooze.dealId;
    in.eventTime = snooze.eventTime;
    in.eventId = snooze.eventId;
    in.snooze = snooze;
    return in;
  }
}
