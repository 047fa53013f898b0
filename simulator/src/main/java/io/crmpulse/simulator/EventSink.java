package io.crmpulse.simulator;

import io.crmpulse.events.CrmEvent;

/** Where a {@link LiveFeed} sends events: Kafka in production, a list in tests. */
public interface EventSink extends AutoCloseable {
  /** Sends one event; may buffer. Throws if an earlier send has failed. */
  void send(CrmEvent event);

  /** Blocks until everything sent so far is delivered. */
  void flush();

  @Override
  void close();
}
