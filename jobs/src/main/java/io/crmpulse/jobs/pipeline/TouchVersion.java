package io.crmpulse.jobs.pipeline;

import io.crmpulse.events.Activity;
import io.crmpulse.events.ActivityStatus;
import io.crmpulse.events.ChangeType;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.jobs.activity.RecordVersion;

/**
 * One version of an activity as deals see it: which deal it names and whether it touches it (a
 * completed activity, not deleted). A deal keeps every version of its activities, so that which
 * version is current at any instant, and with it the last touch, never depends on arrival order.
 */
public class TouchVersion {
  public long eventTime;
  public String eventId;
  /** The opportunity the version names, or null. */
  public String dealId;
  public boolean touches;
  public long occurredAt;

  public TouchVersion() {}

  public static TouchVersion of(CrmEvent event) {
    TouchVersion v = new TouchVersion();
    v.eventTime = event.getEventTime().toEpochMilli();
    v.eventId = event.getEventId();
    if (event.getChange() != ChangeType.DELETED) {
      Activity activity = event.getActivity();
      String deal = activity.getOpportunityId();
      v.dealId = deal == null || deal.isBlank() ? null : deal;
      v.touches = v.dealId != null && activity.getStatus() == ActivityStatus.COMPLETED;
      v.occurredAt = activity.getOccurredAt().toEpochMilli();
    }
    return v;
  }

  /** A version that names no deal: all a deal needs of it is that it supersedes. */
  public static TouchVersion unnamed(long eventTime, String eventId) {
    TouchVersion v = new TouchVersion();
    v.eventTime = eventTime;
    v.eventId = eventId;
    return v;
  }

  boolean sameVersion(TouchVersion other) {
    return RecordVersion.compare(eventTime, eventId, other.eventTime, other.eventId) == 0;
  }

  boolean after(TouchVersion other) {
    return RecordVersion.compare(eventTime, eventId, other.eventTime, other.eventId) > 0;
  }
}
