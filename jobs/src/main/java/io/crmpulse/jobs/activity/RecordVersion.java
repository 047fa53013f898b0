package io.crmpulse.jobs.activity;

import io.crmpulse.events.CrmEvent;

/**
 * Which of two versions of a record is current: the greater event_time, and on a tie the greater
 * event_id, so the answer never depends on arrival order.
 */
public final class RecordVersion {
  private RecordVersion() {}

  /** Positive when the event is newer than the held version, 0 when it is the same event. */
  public static int compare(CrmEvent event, long heldEventTime, String heldEventId) {
    return compare(event.getEventTime().toEpochMilli(), event.getEventId(), heldEventTime, heldEventId);
  }

  /** Positive when version (eventTime, eventId) is newer than the held one, 0 when the same. */
  public static int compare(long eventTime, String eventId, long heldEventTime, String heldEventId) {
    int byTime = Long.compare(eventTime, heldEventTime);
    return byTime != 0 ? byTime : eventId.compareTo(heldEventId);
  }
}
