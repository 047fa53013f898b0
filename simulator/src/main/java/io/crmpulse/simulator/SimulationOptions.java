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
 * @param history realistic time simulated before {@code start}: from {@code start - history} the
 *     reps work at the {@link Tempo#REALISTIC} tempo (rate 1, quiet weekends, a trickle off hours,
 *     as a file with the defaults), and {@code rate}, {@code weekendFactor} and {@code
 *     offHoursFactor} take over at {@code start}. The roster and the backlog then come before
 *     {@code start - history}. Zero (the default) has none: the options' tempo from the beginning
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
    String source,
    Duration history) {

  public static final int DEFAULT_REPS = 12;
  public static final int DEFAULT_BACKLOG_DEALS = 48;
  public static final double DEFAULT_WEEKEND_FACTOR = 0.1;
  public static final double DEFAULT_OFF_HOURS_FACTOR = 0.03;
  public static final Duration DEFAULT_MAX_DISORDER = Duration.ofMinutes(10);
  public static final String DEFAULT_SOURCE = "demo";

  /** Upper bound on {@link #maxDisorder}: half of the contract's one hour of allowed lateness. */
  public static final Duration MAX_DISORDER_LIMIT = Duration.ofMinutes(30);

  /** Upper bound on {@link #history}, in days: more than any month to date or 30-day window. */
  public static final int MAX_HISTORY_DAYS = 62;

  public static final Duration MAX_HISTORY = Duration.ofDays(MAX_HISTORY_DAYS);

  /**
   * How busy the floor is while it is in force.
   *
   * @param rate see {@link SimulationOptions#rate()}
   * @param weekendFactor see {@link SimulationOptions#weekendFactor()}
   * @param offHoursFactor see {@link SimulationOptions#offHoursFactor()}
   */
  public record Tempo(double rate, double weekendFactor, double offHoursFactor) {
    /** A realistic floor, as a file with the default options has it. */
    public static final Tempo REALISTIC =
        new Tempo(1.0, DEFAULT_WEEKEND_FACTOR, DEFAULT_OFF_HOURS_FACTOR);
  }

  public SimulationOptions {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(maxDisorder, "maxDisorder");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(history, "history");
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
    if (history.getNano() != 0
        || history.isNegative()
        || history.compareTo(MAX_HISTORY) > 0) {
      throw new IllegalArgumentException(
          "history must be whole seconds between 0 and "
              + MAX_HISTORY.toDays()
              + " days, got "
              + history);
    }
    if (start.minus(history).isBefore(Instant.parse("2001-01-01T00:00:00Z"))) {
      // The backlog reaches months back and the contract rejects anything before 2000.
      throw new IllegalArgumentException(
          history.isZero()
              ? "start must be after 2001-01-01, got " + start
              : "start minus history must be after 2001-01-01, got " + start.minus(history));
    }
  }

  /** The tempo at {@code start} and after. */
  public Tempo tempo() {
    return new Tempo(rate, weekendFactor, offHoursFactor);
  }

  /** The tempo in force at an instant: realistic in the history, the options' from start on. */
  public Tempo tempoAt(Instant at) {
    return at.isBefore(start) && !history.isZero() ? Tempo.REALISTIC : tempo();
  }

  /**
   * The next instant after {@code at} at which the tempo changes ({@code start}, while in the
   * history), or null when it never changes again.
   */
  Instant tempoChangeAfter(Instant at) {
    return !history.isZero() && at.isBefore(start) && !tempo().equals(Tempo.REALISTIC)
        ? start
        : null;
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
        DEFAULT_SOURCE,
        Duration.ZERO);
  }

  public SimulationOptions withStart(Instant value) {
    return new SimulationOptions(
        seed, value, reps, backlogDeals, rate, weekendFactor, offHoursFactor, maxDisorder, source,
        history);
  }

  public SimulationOptions withReps(int value) {
    return new SimulationOptions(
        seed, start, value, backlogDeals, rate, weekendFactor, offHoursFactor, maxDisorder, source,
        history);
  }

  public SimulationOptions withBacklogDeals(int value) {
    return new SimulationOptions(
        seed, start, reps, value, rate, weekendFactor, offHoursFactor, maxDisorder, source,
        history);
  }

  public SimulationOptions withRate(double value) {
    return new SimulationOptions(
        seed, start, reps, backlogDeals, value, weekendFactor, offHoursFactor, maxDisorder, source,
        history);
  }

  public SimulationOptions withWeekendFactor(double value) {
    return new SimulationOptions(
        seed, start, reps, backlogDeals, rate, value, offHoursFactor, maxDisorder, source, history);
  }

  public SimulationOptions withOffHoursFactor(double value) {
    return new SimulationOptions(
        seed, start, reps, backlogDeals, rate, weekendFactor, value, maxDisorder, source, history);
  }

  public SimulationOptions withMaxDisorder(Duration value) {
    return new SimulationOptions(
        seed, start, reps, backlogDeals, rate, weekendFactor, offHoursFactor, value, source,
        history);
  }

  public SimulationOptions withSource(String value) {
    return new SimulationOptions(
        seed, start, reps, backlogDeals, rate, weekendFactor, offHoursFactor, maxDisorder, value,
        history);
  }

  public SimulationOptions withHistory(Duration value) {
    return new SimulationOptions(
        seed, start, reps, backlogDeals, rate, weekendFactor, offHoursFactor, maxDisorder, source,
        value);
  }
}
