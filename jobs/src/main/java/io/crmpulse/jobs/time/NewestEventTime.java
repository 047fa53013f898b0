package io.crmpulse.jobs.time;

import java.io.Serializable;

/**
 * The newest event time seen, ignoring events implausibly far ahead of it (a clock set to next
 * year must not make every later event look late).
 */
public final class NewestEventTime implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long maxFutureMillis;
  private long newest = Long.MIN_VALUE;

  public NewestEventTime(long maxFutureMillis) {
    this.maxFutureMillis = maxFutureMillis;
  }

  /** Takes {@code eventTime} into account; false when it lies too far ahead and was ignored. */
  public boolean offer(long eventTime) {
    if (tooFarAhead(eventTime)) {
      return false;
    }
    newest = Math.max(newest, eventTime);
    return true;
  }

  public boolean tooFarAhead(long eventTime) {
    return known() && eventTime - newest > maxFutureMillis;
  }

  public boolean known() {
    return newest != Long.MIN_VALUE;
  }

  public java.time.Duration maxFuture() {
    return java.time.Duration.ofMillis(maxFutureMillis);
  }

  public long get() {
    return newest;
  }
}
