package io.crmpulse.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * The simulation's only source of chance. {@link Random}'s algorithm is specified by the JDK and
 * {@link StrictMath} gives the same bits on every platform, so a seed means the same stream
 * everywhere; {@code Math.log} may be an intrinsic that differs in the last bit.
 */
final class Dice {
  private final Random random;

  Dice(long seed) {
    this.random = new Random(seed);
  }

  boolean chance(double probability) {
    return random.nextDouble() < probability;
  }

  /** Uniform in [low, high). */
  double between(double low, double high) {
    return low + random.nextDouble() * (high - low);
  }

  /** Uniform in [low, high]. */
  int between(int low, int high) {
    return low + random.nextInt(high - low + 1);
  }

  /** Uniform in [low, high], to the second. */
  Duration between(Duration low, Duration high) {
    return Duration.ofSeconds(
        low.toSeconds() + (long) (random.nextDouble() * (high.toSeconds() - low.toSeconds() + 1)));
  }

  /** Exponentially distributed with the given mean: gaps between independent arrivals. */
  double exponential(double mean) {
    return -mean * StrictMath.log(1.0 - random.nextDouble());
  }

  /** Log-normal with the given median and spread: durations and amounts, long right tail. */
  double logNormal(double median, double sigma) {
    return median * StrictMath.exp(sigma * random.nextGaussian());
  }

  <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  /** Picks an index with probability proportional to its weight. */
  int weighted(double... weights) {
    double total = 0;
    for (double weight : weights) {
      total += weight;
    }
    double roll = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      roll -= weights[i];
      if (roll < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }
}
