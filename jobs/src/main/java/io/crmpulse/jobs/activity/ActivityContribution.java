package io.crmpulse.jobs.activity;

/**
 * What one record (an activity, a login, an opportunity) adds to its rep's numbers, sent from the
 * record's tracker to the rep's aggregator; a removal takes back whatever the record added before.
 */
public class ActivityContribution {
  public String repId;
  /** The tracker's key: an activity's id, {@code login/<id>} or {@code opportunity/<id>}. */
  public String activityId;
  public boolean removal;
  public long occurredAt;
  public int kinds;
  public long eventTime;
  /** Lower-case type, direction and outcome of a completed activity; null otherwise. */
  public String type;
  public String direction;
  public String outcome;

  public ActivityContribution() {}

  public static ActivityContribution add(
      String repId, String activityId, long occurredAt, int kinds, long eventTime) {
    ActivityContribution c = new ActivityContribution();
    c.repId = repId;
    c.activityId = activityId;
    c.occurredAt = occurredAt;
    c.kinds = kinds;
    c.eventTime = eventTime;
    return c;
  }

  /** A completed activity of this type, direction and outcome (lower-case Avro symbols). */
  public ActivityContribution described(String type, String direction, String outcome) {
    this.type = type;
    this.direction = direction;
    this.outcome = outcome;
    return this;
  }

  public static ActivityContribution remove(String repId, String activityId, long eventTime) {
    ActivityContribution c = new ActivityContribution();
    c.repId = repId;
    c.activityId = activityId;
    c.removal = true;
    c.eventTime = eventTime;
    return c;
  }
}
