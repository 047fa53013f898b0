package io.crmpulse.jobs.pipeline;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What deal health is measured against: the ordered open stages with their win probabilities,
 * neglect and stall thresholds (per stage, else per owner's team, else the default), how days are
 * counted, how often a raised alert is announced again, and the lost reasons kept as labels.
 *
 * <p>A team threshold follows the owner's team as it stood at the start of the day (in the
 * calendar's zone): a change of team takes effect from the next midnight, an instant known in
 * advance, so replay fires it deterministically.
 *
 * <p>A stall threshold may instead be a multiple k of the observed median days in the stage
 * ({@code deals.stall-after=2x median}): k × the median of (exit − stage entry) over the exits of
 * the stage, by any deal, in the 90 days up to the start of the day. It too changes only at
 * midnights. With no such exit, {@link #stallAfter} (the default when it is a duration, else 30 d)
 * applies.
 *
 * <p>A deal is busy (busy but not moving) with at least {@link #busyTouches} completed activities
 * in the last {@link #busyWindow} while its stage was entered at or before the window's start. The
 * window is calendar time also with business days: it counts activities, which happen on any day,
 * and a window that stretched over weekends would make "5 touches in 14 days" mean a different
 * span every week.
 */
public record DealSettings(
    List<String> stages,
    Map<String, Double> probabilities,
    Duration neglectAfter,
    Map<String, Duration> neglectAfterByStage,
    Map<String, Duration> neglectAfterByTeam,
    Duration stallAfter,
    Map<String, Duration> stallAfterByStage,
    Map<String, Duration> stallAfterByTeam,
    BusinessTime time,
    Duration remindEvery,
    Set<String> lostReasons,
    BigDecimal stallMultiple,
    Map<String, BigDecimal> stallMultipleByStage,
    int busyTouches,
    Duration busyWindow)
    implements Serializable {

  /** Defaults of {@code deals.busy-touches} and {@code deals.busy-window}. */
  public static final int DEFAULT_BUSY_TOUCHES = 5;

  public static final Duration DEFAULT_BUSY_WINDOW = Duration.ofDays(14);

  /** The stall threshold when the default is a multiple of the median and no exit is known. */
  public static final Duration MEDIAN_FALLBACK = Duration.ofDays(30);
  /** How far back the exits that a median is taken over reach from the midnight. */
  public static final Duration MEDIAN_WINDOW = Duration.ofDays(90);

  /** Absolute thresholds only. */
  public DealSettings(List<String> stages, Map<String, Double> probabilities,
      Duration neglectAfter, Map<String, Duration> neglectAfterByStage,
      Map<String, Duration> neglectAfterByTeam, Duration stallAfter,
      Map<String, Duration> stallAfterByStage, Map<String, Duration> stallAfterByTeam,
      BusinessTime time, Duration remindEvery, Set<String> lostReasons) {
    this(stages, probabilities, neglectAfter, neglectAfterByStage, neglectAfterByTeam, stallAfter,
        stallAfterByStage, stallAfterByTeam, time, remindEvery, lostReasons, null, Map.of());
  }

  /** The default busy-deal settings. */
  public DealSettings(List<String> stages, Map<String, Double> probabilities,
      Duration neglectAfter, Map<String, Duration> neglectAfterByStage,
      Map<String, Duration> neglectAfterByTeam, Duration stallAfter,
      Map<String, Duration> stallAfterByStage, Map<String, Duration> stallAfterByTeam,
      BusinessTime time, Duration remindEvery, Set<String> lostReasons, BigDecimal stallMultiple,
      Map<String, BigDecimal> stallMultipleByStage) {
    this(stages, probabilities, neglectAfter, neglectAfterByStage, neglectAfterByTeam, stallAfter,
        stallAfterByStage, stallAfterByTeam, time, remindEvery, lostReasons, stallMultiple,
        stallMultipleByStage, DEFAULT_BUSY_TOUCHES, DEFAULT_BUSY_WINDOW);
  }

  /** These settings with another busy-deal definition. */
  public DealSettings withBusy(int touches, Duration window) {
    return new DealSettings(stages, probabilities, neglectAfter, neglectAfterByStage,
        neglectAfterByTeam, stallAfter, stallAfterByStage, stallAfterByTeam, time, remindEvery,
        lostReasons, stallMultiple, stallMultipleByStage, touches, window);
  }

  /** How far back in time a deal's numbers reach: the longest rolling window. */
  public static final Duration LONGEST_WINDOW = Duration.ofDays(90);

  /** @param team the owner's team at the start of the day, or null */
  public Duration neglectAfter(String stage, String team) {
    return threshold(neglectAfterByStage, neglectAfterByTeam, neglectAfter, stage, team);
  }

  /** @param team the owner's team at the start of the day, or null */
  public Duration stallAfter(String stage, String team) {
    return threshold(stallAfterByStage, stallAfterByTeam, stallAfter, stage, team);
  }

  /**
   * The multiple of the stage's median that is the stall threshold of a deal in {@code stage}
   * whose owner's team is {@code team}, or null when an absolute threshold applies. Precedence as
   * for durations: the stage's key, then the team's (always absolute), then the default.
   */
  public BigDecimal stallMultiple(String stage, String team) {
    if (stallAfterByStage.containsKey(stage)) {
      return null;
    }
    BigDecimal forStage = stallMultipleByStage.get(stage);
    if (forStage != null) {
      return forStage;
    }
    return team != null && stallAfterByTeam.containsKey(team) ? null : stallMultiple;
  }

  /**
   * The stall threshold at a midnight: absolute, or k × {@code medianMillis} (the stage's median
   * days in stage, in milliseconds, null with no exit) rounded down to the millisecond; a deal
   * crosses it where more than that has passed, so rounding down changes nothing.
   */
  public Duration stallAfter(String stage, String team, BigDecimal medianMillis) {
    BigDecimal k = stallMultiple(stage, team);
    if (k == null) {
      return stallAfter(stage, team);
    }
    if (medianMillis == null) {
      return stallAfter;
    }
    return Duration.ofMillis(k.multiply(medianMillis).setScale(0, RoundingMode.FLOOR).longValueExact());
  }

  /** Whether some stall threshold is a multiple of the median. */
  public boolean byMedian() {
    return stallMultiple != null || !stallMultipleByStage.isEmpty();
  }

  /** Whether thresholds depend on the owner's team at all. */
  public boolean byTeam() {
    return !neglectAfterByTeam.isEmpty() || !stallAfterByTeam.isEmpty();
  }

  private static Duration threshold(Map<String, Duration> byStage, Map<String, Duration> byTeam,
      Duration fallback, String stage, String team) {
    Duration forStage = byStage.get(stage);
    if (forStage != null) {
      return forStage;
    }
    return team == null ? fallback : byTeam.getOrDefault(team, fallback);
  }

  /** The win probability of a stage; 0 for a stage missing from the list. */
  public double probability(String stage) {
    return probabilities.getOrDefault(stage, 0.0);
  }

  /** Position in the configured order, or -1 for a stage missing from it. */
  public int order(String stage) {
    return stages.indexOf(stage);
  }

  /** The longest neglect threshold: how much activity history a fresh start must re-read. */
  public Duration longestNeglect() {
    return java.util.stream.Stream.concat(neglectAfterByStage.values().stream(),
            neglectAfterByTeam.values().stream())
        .reduce(neglectAfter, (a, b) -> a.compareTo(b) >= 0 ? a : b);
  }

  /**
   * How long after its occurred_at an activity can still matter to a deal: as its last touch (the
   * longest neglect threshold) or as one of its busy touches (the busy window).
   */
  public Duration longestTouchReach() {
    Duration neglect = longestNeglect();
    return neglect.compareTo(busyWindow) >= 0 ? neglect : busyWindow;
  }
}
