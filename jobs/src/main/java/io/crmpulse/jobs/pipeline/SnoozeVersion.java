package io.crmpulse.jobs.pipeline;

import io.crmpulse.events.ChangeType;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.Snooze;
import java.util.Locale;

/** One version of a snooze of a deal's alerts. */
public class SnoozeVersion {
  public String id;
  public String dealId;
  public long eventTime;
  public String eventId;
  public boolean deleted;
  /** neglected, stalled, or null for both. */
  public String kind;
  public long until;
  public String reason;

  public SnoozeVersion() {}

  /** The version of {@code event}; a deleted one names its deal only when the event does. */
  public static SnoozeVersion of(CrmEvent event) {
    Snooze snooze = event.getSnooze();
    SnoozeVersion v = new SnoozeVersion();
    v.id = snooze.getId();
    v.dealId = snooze.getOpportunityId();
    v.eventTime = event.getEventTime().toEpochMilli();
    v.eventId = event.getEventId();
    v.deleted = event.getChange() == ChangeType.DELETED;
    if (!v.deleted) {
      v.kind = snooze.getKind() == null ? null : snooze.getKind().name().toLowerCase(Locale.ROOT);
      v.until = snooze.getUntil().toEpochMilli();
      v.reason = snooze.getReason();
    }
    return v;
  }

  boolean covers(String alertKind, long at) {
    return !deleted && (kind == null || kind.equals(alertKind)) && until > at;
  }
}
