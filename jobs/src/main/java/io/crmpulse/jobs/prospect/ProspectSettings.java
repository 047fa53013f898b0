package io.crmpulse.jobs.prospect;

import io.crmpulse.jobs.metrics.BoundedLabel;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What lead and follow-up series are measured against: the lead sources kept as labels, the
 * response SLA, how long without a further touch a lead counts as given up, and the deal stages
 * in order (an opportunity advances to a later one).
 *
 * @param sources lead sources kept as labels (lower case, a-z 0-9 _)
 * @param responseSla a lead must have an outbound touch within this of its created_at
 * @param giveUpAfter a first outbound touch followed by no touch for this long is a lead given up
 * @param stages the open deal stages in order
 */
public record ProspectSettings(Set<String> sources, Duration responseSla, Duration giveUpAfter,
    List<String> stages) implements Serializable {
  /** The rolling window of the given-up and follow-ups-before-response series. */
  public static final Duration WINDOW = Duration.ofDays(30);
  /**
   * How long after it a dated fact can still lie in a period containing now, in any zone: a month
   * is at most 31 days, a zone's offset moves it by at most a day.
   */
  public static final Duration PERIOD_HORIZON = Duration.ofDays(33);

  /**
   * How long a closed, deleted or never-known prospect is kept after the last instant that
   * concerns it (its newest version, created_at or touch): every period containing a dated fact
   * (33 d) and every window exit (give-up-after + 30 d) has passed by then.
   */
  public Duration retention() {
    Duration windows = giveUpAfter.plus(WINDOW).plusDays(3);
    Duration floor = Duration.ofDays(40);
    return windows.compareTo(floor) > 0 ? windows : floor;
  }

  /** A free-text source as a bounded label: a configured source, other, or unknown. */
  public String sourceLabel(String source) {
    return BoundedLabel.of(source, sources);
  }
}
