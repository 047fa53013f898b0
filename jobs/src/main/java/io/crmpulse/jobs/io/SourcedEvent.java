package io.crmpulse.jobs.io;

import io.crmpulse.events.CrmEvent;

/** A decoded, valid event that still knows its input record, until event time has judged it. */
public class SourcedEvent {
  public CrmEvent event;
  public RawInput input;

  public SourcedEvent() {}

  public SourcedEvent(CrmEvent event, RawInput input) {
    this.event = event;
    this.input = input;
  }
}
