package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.contract.EventJson;
import io.crmpulse.jobs.config.JobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay} of five weeks of rep activity ({@link ActivityEvents}: across both daylight
 * saving switches of March 2026, and a month's end) against the plain-Java reference, at
 * parallelism 2, with every event delivered twice and shuffled within the allowed lateness: every
 * activity series is there, and every series the two produce is equal.
 */
class ActivityDifferentialTest {
  private static final JobConfig CONFIG = JobConfig.of(Map.of());
  private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
  /**
   * Each series of docs/metrics.md "Activity series" with each of its label values that must be
   * seen: the start of a sample line and a label it carries.
   */
  private static final List<List<String>> ACTIVITY_SERIES = List.of(
      List.of("crmpulse_activities{", "period=\"today\""),
      List.of("crmpulse_activities{", "period=\"week\""),
      List.of("crmpulse_activities{", "period=\"month\""),
      List.of("crmpulse_outbound_calls{", "window=\"1h\""),
      List.of("crmpulse_outbound_calls{", "window=\"7d\""),
      List.of("crmpulse_outbound_calls{", "window=\"30d\""),
      List.of("crmpulse_connected_outbound_calls{", "window=\"7d\""),
      List.of("crmpulse_contact_ratio{", "window=\"7d\""),
      List.of("crmpulse_created_opportunities{", "window=\"30d\""),
      List.of("crmpulse_opportunities_per_1000_calls{", "window=\"30d\""),
      List.of("crmpulse_logins_today{", "rep="),
      List.of("crmpulse_calls_trailing_median{", "rep="));
  @TempDir Path dir;

  @Test
  void everyActivitySeriesEqualsTheReferenceAtTwoInstants() throws Exception {
    List<String> log = ActivityEvents.generate(2026, START, 36);
    Path file = Files.write(dir.resolve("activity.jsonl"),
        Deliveries.twiceShuffled(log, new Random(4), Duration.ofMinutes(50)));
    // A Thursday afternoon in Stockholm, morning in New York, after both switches and a month's
    // end; and a Monday morning in Stockholm in the week the US has switched and Europe not yet.
    for (Instant asOf : List.of(Instant.parse("2026-04-02T14:30:00Z"),
        Instant.parse("2026-03-16T09:10:00Z"))) {
      Map<String, Double> reference = ReplayDifferentialTest.reference(log, asOf);
      for (List<String> series : ACTIVITY_SERIES) {
        assertThat(reference.keySet()).as("as of %s", asOf)
            .anyMatch(s -> s.startsWith(series.get(0)) && s.contains(series.get(1)));
      }
      // The median and the ratios are worth comparing only if they vary from rep to rep.
      assertThat(valuesOf(reference, "crmpulse_calls_trailing_median{")).as("as of %s", asOf)
          .hasSizeGreaterThan(2);
      assertThat(valuesOf(reference, "crmpulse_contact_ratio{")).hasSizeGreaterThan(2);
      assertThat(valuesOf(reference, "crmpulse_opportunities_per_1000_calls{")).hasSizeGreaterThan(2);
      Replay.Output output = Replay.run(file, Optional.of(asOf), CONFIG, 2);
      ReplayDifferentialTest.assertSameSeries(output, reference);
      assertThat(output.report()).anySatisfy(line -> assertThat(line).matches("events_late +0"))
          .anySatisfy(line -> assertThat(line).matches("events_duplicate +[1-9][0-9]*"));
    }
  }

  private static List<Double> valuesOf(Map<String, Double> series, String prefix) {
    return series.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
        .map(Map.Entry::getValue).distinct().toList();
  }

  private static Instant eventTime(String line) {
    try {
      return EventJson.parse(line).getEventTime();
    } catch (Exception e) {
      throw new IllegalStateException("the generator wrote an invalid line: " + line, e);
    }
  }
}
