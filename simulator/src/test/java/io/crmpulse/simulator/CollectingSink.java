package io.crmpulse.simulator;

import io.crmpulse.events.CrmEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Keeps what a live feed sends, with the wall instant of each send. */
final class CollectingSink implements EventSink {
  record Sent(CrmEvent event, Instant wall) {}

  private final Clock clock;
  private final List<Sent> sent = new ArrayList<>();
  private boolean closed;
  private int flushes;

  CollectingSink(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void send(CrmEvent event) {
    if (closed) {
      throw new IllegalStateException("send after close");
    }
    sent.add(new Sent(event, clock.instant()));
  }

  @Override
  public synchronized void flush() {
    flushes++;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  synchronized List<Sent> sent() {
    return List.copyOf(sent);
  }

  synchronized boolean closed() {
    return closed;
  }

  synchronized int flushes() {
    return flushes;
  }
}
