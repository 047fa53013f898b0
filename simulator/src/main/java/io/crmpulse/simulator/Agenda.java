package io.crmpulse.simulator;

import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The discrete-event clock: things due to happen, run in time order. Ties run in the order they
 * were scheduled, so the run never depends on hash order or timing.
 */
final class Agenda {
  private record Entry(Instant at, long seq, Runnable action) {}

  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>(Comparator.comparing(Entry::at).thenComparingLong(Entry::seq));
  private long seq;
  private Instant now;

  Agenda(Instant start) {
    this.now = start;
  }

  /** Schedules an action; one in the past runs now, because the past cannot change any more. */
  void at(Instant at, Runnable action) {
    queue.add(new Entry(at.isBefore(now) ? now : at, seq++, action));
  }

  Instant now() {
    return now;
  }

  /** When the next action runs; nothing it emits can have an earlier event time. */
  Instant nextTime() {
    Entry next = queue.peek();
    if (next == null) {
      throw new IllegalStateException("the agenda ran dry; every rep always has a next turn");
    }
    return next.at();
  }

  void runNext() {
    Entry next = queue.poll();
    if (next == null) {
      throw new IllegalStateException("the agenda ran dry; every rep always has a next turn");
    }
    now = next.at();
    next.action().run();
  }
}
