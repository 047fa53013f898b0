package io.crmpulse.jobs.pipeline;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What deal health is measured against: the ordered open stages with their win probabilities,
 * neglect and stall thresholds (per stage, else the default), how days are counted, how often a
 * raised alert is announced again, and the lost reasons kept as labels.
 */
public record DealSettings(
    List<String> stages,
    Map<String, Double> probabilities,
    Duration neglectAfter,
    Map<String, Duration> neglectAfterByStage,
    Duration stallAfter,
    Map<String, Duration> stallAfterByStage,
    BusinessTime time,
    Duration remindEvery,
    Set<String> lostReasons)
    implements Serializable {

  /** How far back in time a deal's numbers reach: the longest rolling window. */
  public static final Duration LONGEST_WINDOW = Duration.ofDays(90);

  public Duration neglectAfter(String stage) {
    return neglectAfterByStage.getOrDefault(stage, neglectAfter);
  }

  public Duration stallAfter(String stage) {
    return stallAfterByStage.getOrDefault(stage, stallAfter);
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
    return neglectAfterByStage.values().stream().reduce(neglectAfter, (a, b) -> a.compareTo(b) >= 0 ? a : b);
  }
}
