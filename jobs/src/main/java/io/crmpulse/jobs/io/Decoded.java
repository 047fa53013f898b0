package io.crmpulse.jobs.io;

import io.crmpulse.events.CrmEvent;

/**
 * An input record after decoding: a valid event, or the reason it is not one. It keeps the raw
 * record until event time has judged the event, so a late one can still be dead-lettered with its
 * original bytes.
 */
public class Decoded {
  /** The event; null when the bytes were not an event, set (for its id) when it broke a rule. */
  public CrmEvent event;

  public RawInput input;

  /** Why the record was rejected; null for a valid event. */
  public String rejection;

  public Decoded() {}

  static Decoded valid(CrmEvent event, RawInput input) {
    Decoded decoded = new Decoded();
    decoded.event = event;
    decoded.input = input;
    return decoded;
  }

  static Decoded rejected(String reason, CrmEvent event, RawInput input) {
    Decoded decoded = valid(event, input);
    decoded.rejection = reason;
    return decoded;
  }

  public boolean isValid() {
    return rejection == null;
  }

  /** Event time for watermarks: a rejected record has none and must not move event time. */
  public long eventTimeOrMin() {
    return isValid() ? event.getEventTime().toEpochMilli() : Long.MIN_VALUE;
  }
}
