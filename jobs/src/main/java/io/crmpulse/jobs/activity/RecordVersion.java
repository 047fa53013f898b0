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
    int byTime = Long.compare(event.getEventTime().toEpochMilli(), heldEventTime);
    return byTime != 0 ? byTime : event.getEventId().compareTo(heldEventId);
  }
}
