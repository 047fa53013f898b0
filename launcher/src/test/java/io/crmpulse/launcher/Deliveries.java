package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** How a log may reach the job without changing a single number: out of order, and twice. */
final class Deliveries {
  private Deliveries() {}

  /**
   * Every event twice, each copy delayed by up to {@code maxDelay} of event time, in the order of
   * the delayed instants. Two events swap only if their event times lie less than {@code maxDelay}
   * apart, so with a delay below the allowed lateness no copy is late.
   */
  static List<String> twiceShuffled(List<String> log, Random random, Duration maxDelay) {
    int maxSeconds = Math.toIntExact(maxDelay.toSeconds());
    List<Map.Entry<String, Instant>> delayed = new ArrayList<>();
    for (String line : log) {
      Instant at = ReplayDifferentialTest.eventTime(line);
      for (int copy = 0; copy < 2; copy++) {
        delayed.add(Map.entry(line, at.plusSeconds(random.nextInt(maxSeconds))));
      }
    }
    delayed.sort(Map.Entry.comparingByValue());
    List<String> shuffled = delayed.stream().map(Map.Entry::getKey).toList();
    assertThat(shuffled).isNotEqualTo(log);
    return shuffled;
  }
}
