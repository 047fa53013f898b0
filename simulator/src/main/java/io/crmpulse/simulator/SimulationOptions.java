package io.crmpulse.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What to simulate. The same options always give the same events, byte for byte.
 *
 * @param seed the random seed; event ids are {@code sim-<seed>-<n>}
 * @param start the simulated instant the live part of the stream begins; the rep roster and a
 *     backlog of older leads and deals come first, with event times before it
 * @param reps how many sales reps (at least 1), spread over teams and time zones
 * @param backlogDeals open deals that already exist at {@code start}, created weeks earlier, some
 *     of them neglected or stalled
 * @param rate activity multiplier: 1 is a realistic day (a rep dials about their daily call
 *     target); higher makes a livelier demo, and scales call targets with it
 * @param weekendFactor how busy Saturdays and Sundays are compared with a weekday, in [0, 1]; 1
 *     treats every day as a working day (for demos on any day)
 * @param offHoursFactor how busy a rep is outside their working hours compared with inside, in [0,
 *     1]: a trickle (0.03) by default, more for a demo that must move at any hour
 * @param maxDisorder how far (in event time) an event may be delivered after a later one; also
 *     bounds the gap of a duplicate delivery. Must stay well inside the consumer's allowed lateness
 * @param source the {@code source} of every event
 */
public record SimulationOptions(
    long seed,
    Instant start,
    int reps,
    int backlogDeals,
    double rate,
    double weekendFactor,
    double offHoursFactor,
    Duration maxDisorder,
    String source) {

  public static final int DEFAULT_REPS = 12;
  public static final int DEFAULT_BACKLOG_DEALS = 48;
  public static final double DEFAULT_WEEKEND_FACTOR = 0.1;
  public static final double DEFAULT_OFF_HOURS_FACTOR = 0.03;
  public static final Duration DEFAULT_MAX_DISORDER = Duration.ofMinutes(10);
  public static final String DEFAULT_SOURCE = "demo";

  /** Upper bound on {@link #maxDisorder}: half of the contract's one hour of allowed lateness. */
  public static final Duration MAX_DISORDER_LIMIT = Duration.ofMinutes(30);

  public SimulationOptions {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(maxDisorder, "maxDisorder");
    Objects.requireNonNull(source, "source");
    if (reps < 1 || reps > 999) {
      throw new IllegalArgumentException("reps must be between 1 and 999, got " + reps);
    }
    if (backlogDeals < 0) {
      throw new IllegalArgumentException("backlogDeals must not be negative, got " + backlogDeals);
    }
    if (!(rate > 0) || rate > 1000) {
      throw new IllegalArgumentException("rate must be above 0 and at most 1000, got " + rate);
    }
    if (!(weekendFactor >= 0 && weekendFactor <= 1)) {
      throw new IllegalArgumentException(
          "weekendFactor must be between 0 and 1, got " + weekendFactor);
    }
    if (!(offHoursFactor >= 0 && offHoursFactor <= 1)) {
      throw new IllegalArgumentException(
          "offHoursFactor must be between 0 and 1, got " + offHoursFactor);
    }
    if (maxDisorder.getNano() != 0) {
      throw new IllegalArgumentException(
          "maxDisorder must be a whole number of seconds, got " + maxDisorder);
    }
    if (maxDisorder.isNegative() || maxDisorder.compareTo(MAX_DISORDER_LIMIT) > 0) {
      throw new IllegalArgumentException(
          "maxDisorder must be between 0 and " + MAX_DISORDER_LIMIT + ", got " + maxDisorder);
    }
    if (source.isBlank()) {
      throw new IllegalArgumentException("source must not be blank");
    }
    if (start.isBefore(Instant.parse("2001-01-01T00:00:00Z"))) {
      // The backlog reaches months back and the contract rejects anything before 2000.
      throw new IllegalArgumentException("start must be after 2001-01-01, got " + start);
    }
  }

  /** A realistic day: 12 reps in three teams, a backlog of 48 open deals, quiet weekends. */
  public static SimulationOptions defaults(long seed, Instant start) {
    return new SimulationOptions(
        seed,
        start,
        DEFAULT_REPS,
        DEFAULT_BACKLOG_DEALS,
        1.0,
        DEFAULT_WEEKEND_FACTOR,
        DEFAULT_OFF_HOURS_FACTOR,
        DEFAULT_MAX_DISORDER,
        DEFAULT_SOURCE);
  }

  public SimulationOptions withStart(Instant value) {
    return new SimulationOptions(
        seed, value, reps, backlogDeals, rate, weekendFactor, offHoursFactor, maxDisorder, source);
  }

  public SimulationOptions withReps(int value) {
    return new SimulationOptions(
        seed, start, value, backlogDeals, rate, weekendFactor, offHoursFactor, maxDisorder, source);
  }

  public SimulationOptions withBacklogDeals(int value) {
    return new SimulationOptions(
        seed, start, reps, value, rate, weekendFactor, offHoursFactor, maxDisorder, source);
  }

  public SimulationOptions withRate(double value) {
    return new SimulationOptions(
        seed, start, reps, backlogDeals, value, weekendFactor, offHoursFactor, maxDisorder, source);
  }

  public SimulationOptions withWeekendFactor(double value) {
    return new SimulationOptions(
        seed, start, reps, backlogDeals, rate, value, offHoursFactor, maxDisorder, source);
  }

  public SimulationOptions withOffHoursFactor(double value) {
    return new SimulationOptions(
        seed, start, reps, backlogDeals, rate, weekendFactor, value, maxDisorder, source);
  }

  public SimulationOptions withMaxDisorder(Duration value) {
    return new SimulationOptions(
        seed, start, reps, backlogDeals, rate, weekendFactor, offHoursFactor, value, source);
  }

  public SimulationOptions withSource(String value) {
    return new SimulationOptions(
        seed, start, reps, backlogDeals, rate, weekendFactor, offHoursFactor, maxDisorder, value);
  }
}
