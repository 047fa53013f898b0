package io.crmpulse.simulator;

import io.crmpulse.events.CrmEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Events waiting to be delivered, in order of delivery instant. Most are delivered at their event
 * time; a few are held back by up to {@code maxDisorder} (network or connector hiccups) and a few
 * are delivered twice (at-least-once connectors). Because nothing is held back by more than {@code
 * maxDisorder}, an event is never delivered after one whose event time is more than {@code
 * maxDisorder} later.
 */
final class DeliveryQueue {
  static final double SHUFFLE_CHANCE = 0.03;
  static final double DUPLICATE_CHANCE = 0.008;

  private record Pending(Instant at, long seq, CrmEvent event) {}

  private final PriorityQueue<Pending> queue =
      new PriorityQueue<>(Comparator.comparing(Pending::at).thenComparingLong(Pending::seq));
  private final Dice dice;
  private final Duration maxDisorder;
  private long seq;

  DeliveryQueue(Dice dice, Duration maxDisorder) {
    this.dice = dice;
    this.maxDisorder = maxDisorder;
  }

  void offer(CrmEvent event) {
    Instant time = event.getEventTime();
    boolean late = !maxDisorder.isZero() && dice.chance(SHUFFLE_CHANCE);
    queue.add(new Pending(late ? time.plus(delay(Duration.ofSeconds(1))) : time, seq++, event));
    if (dice.chance(DUPLICATE_CHANCE)) {
      // A copy, not the same object: a consumer may mutate what it receives.
      CrmEvent copy = Copies.event(event);
      queue.add(new Pending(time.plus(delay(Duration.ZERO)), seq++, copy));
    }
  }

  private Duration delay(Duration atLeast) {
    return maxDisorder.isZero() ? Duration.ZERO : dice.between(atLeast, maxDisorder);
  }

  /**
   * Whether the head can go out: nothing still to be simulated can have an event time at or before
   * it, since the agenda's next action is later.
   */
  boolean readyBefore(Instant nextAction) {
    Pending head = queue.peek();
    return head != null && head.at().isBefore(nextAction);
  }

  Delivery poll() {
    Pending head = queue.remove();
    return new Delivery(head.event(), head.at());
  }
}
