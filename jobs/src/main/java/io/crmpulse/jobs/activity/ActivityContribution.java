package io.crmpulse.jobs.activity;

/**
 * What one activity adds to its rep's numbers, sent from the activity's tracker to the rep's
 * aggregator; a removal takes back whatever the activity added before.
 */
public class ActivityContribution {
  public String repId;
  public String activityId;
  public boolean removal;
  public long occurredAt;
  public int kinds;
  public long eventTime;

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

  public static ActivityContribution remove(String repId, String activityId, long eventTime) {
    ActivityContribution c = new ActivityContribution();
    c.repId = repId;
    c.activityId = activityId;
    c.removal = true;
    c.eventTime = eventTime;
    return c;
  }
}
