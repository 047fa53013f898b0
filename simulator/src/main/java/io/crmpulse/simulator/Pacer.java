package io.crmpulse.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Maps the wall clock to simulated time: from the anchor (the wall instant the feed started, to the
 * second) simulated time runs {@code speed} times as fast. At speed 1 it is the wall clock.
 */
final class Pacer {
  private final Clock clock;
  private final Instant anchor;
  private final double speed;

  Pacer(Clock clock, double speed) {
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be above 0, got " + speed);
    }
    this.clock = clock;
    this.anchor = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    this.speed = speed;
  }

  /** The wall instant simulated time is anchored at; also where simulated time starts. */
  Instant anchor() {
    return anchor;
  }

  Instant simulatedNow() {
    long wallNanos = Duration.between(anchor, clock.instant()).toNanos();
    long simulatedNanos = speed == 1.0 ? wallNanos : (long) Math.floor(wallNanos * speed);
    return anchor.plusNanos(simulatedNanos);
  }

  /** Wall milliseconds until simulated time reaches {@code at}; zero once it has. */
  long millisUntil(Instant at) {
    Duration ahead = Duration.between(simulatedNow(), at);
    if (ahead.isNegative() || ahead.isZero()) {
      return 0;
    }
    return Math.max(1, (long) Math.ceil(ahead.toNanos() / speed / 1_000_000.0));
  }
}
