package io.crmpulse.jobs.pipeline;

import java.io.Serializable;
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
    Set<String> lostReasons)
    implements Serializable {

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
}
