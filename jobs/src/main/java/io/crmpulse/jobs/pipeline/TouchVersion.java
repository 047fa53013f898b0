package io.crmpulse.jobs.pipeline;

import io.crmpulse.contract.Metric;
import io.crmpulse.events.Activity;
import io.crmpulse.events.ActivityStatus;
import io.crmpulse.events.ChangeType;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.jobs.activity.RecordVersion;

/**
 * One version of an activity as the records it names see it: which deal (opportunity) and which
 * lead it names, whether it touches the deal (a completed activity, not deleted), and what leads
 * and follow-ups need of it (rep, type, direction, outcome). A deal or a prospect keeps every
 * version of its activities, so that which version is current at any instant, and with it the last
 * or the first touch, never depends on arrival order.
 */
public class TouchVersion {
  public long eventTime;
  public String eventId;
  /** The opportunity the version names, or null. */
  public String dealId;
  /** The lead the version names, or null. */
  public String leadId;
  /** Names a deal and is completed: it touches the deal. */
  public boolean touches;
  /** Not deleted and status completed. */
  public boolean completed;
  public long occurredAt;
  public String repId;
  /** Lower-case Avro symbols, or null. */
  public String type;
  public String direction;
  public String outcome;

  public TouchVersion() {}

  public static TouchVersion of(CrmEvent event) {
    TouchVersion v = new TouchVersion();
    v.eventTime = event.getEventTime().toEpochMilli();
    v.eventId = event.getEventId();
    if (event.getChange() != ChangeType.DELETED) {
      Activity activity = event.getActivity();
      v.dealId = idOrNull(activity.getOpportunityId());
      v.leadId = idOrNull(activity.getLeadId());
      v.completed = activity.getStatus() == ActivityStatus.COMPLETED;
      v.touches = v.dealId != null && v.completed;
      v.occurredAt = activity.getOccurredAt().toEpochMilli();
      v.repId = activity.getRepId();
      v.type = Metric.symbol(activity.getType());
      v.direction = Metric.symbol(activity.getDirection());
      v.outcome = Metric.symbol(activity.getOutcome());
    }
    return v;
  }

  /** A version that names no deal or lead: all a record needs of it is that it supersedes. */
  public static TouchVersion unnamed(long eventTime, String eventId) {
    TouchVersion v = new TouchVersion();
    v.eventTime = eventTime;
    v.eventId = eventId;
    return v;
  }

  /** Names a deal or a lead: the records it names must hear of every later version. */
  public boolean namesARecord() {
    return dealId != null || leadId != null;
  }

  public boolean sameVersion(TouchVersion other) {
    return RecordVersion.compare(eventTime, eventId, other.eventTime, other.eventId) == 0;
  }

  public boolean after(TouchVersion other) {
    return RecordVersion.compare(eventTime, eventId, other.eventTime, other.eventId) > 0;
  }

  private static String idOrNull(String id) {
    return id == null || id.isBlank() ? null : id;
  }

}
