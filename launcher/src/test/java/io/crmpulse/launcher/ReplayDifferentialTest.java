package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.contract.EventJson;
import io.crmpulse.jobs.config.JobConfig;
import io.crmpulse.simulator.Simulation;
import io.crmpulse.simulator.SimulationOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay} against the plain-Java {@link ReferenceMetrics} on a few thousand simulated
 * events: equal at any parallelism, with every event delivered twice, and shuffled within the
 * allowed lateness, at several instants of the simulated day.
 */
class ReplayDifferentialTest {
  private static final JobConfig CONFIG = JobConfig.of(Map.of());
  private static final Instant START = Instant.parse("2026-03-10T06:00:00Z");
  private static List<String> lines;
  @TempDir static Path dir;

  @BeforeAll
  static void simulate() {
    lines = Simulation.stream(SimulationOptions.defaults(42, START)).limit(4000)
        .map(EventJson::write).toList();
  }

  @Test
  void replayEqualsTheReferenceAtEveryParallelism() throws Exception {
    Map<String, Double> reference = reference(lines, asOfDefault(lines));
    // Worth comparing only if the simulated day gives most reps numbers.
    assertThat(reference.keySet().stream().filter(s -> s.startsWith("crmpulse_calls_today")).count())
        .isGreaterThanOrEqualTo(8);
    assertThat(reference).containsKeys(reference.keySet().stream()
        .filter(s -> s.startsWith("crmpulse_contact_ratio_today")).findFirst().orElseThrow());

    Replay.Output one = Replay.run(file("sim", lines), Optional.empty(), CONFIG, 1);
    Replay.Output three = Replay.run(file("sim", lines), Optional.empty(), CONFIG, 3);
    assertThat(ReferenceMetrics.parseExposition(one.series())).isEqualTo(reference);
    assertThat(three.series()).isEqualTo(one.series());
  }

  @Test
  void everyEventDeliveredTwiceCountsOnce() throws Exception {
    List<String> twice = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      twice.add(lines.get(i));
      // The copy arrives a few events later, as a retried delivery would.
      twice.add(lines.get(Math.max(0, i - 3)));
    }
    Replay.Output output = Replay.run(file("twice", twice), Optional.empty(), CONFIG, 2);
    assertThat(ReferenceMetrics.parseExposition(output.series()))
        .isEqualTo(reference(lines, asOfDefault(lines)));
    assertThat(output.report()).anySatisfy(line -> assertThat(line).matches("events_duplicate +[1-9][0-9]*"));
  }

  @Test
  void anyArrivalOrderWithinTheAllowedLatenessGivesTheSameNumbers() throws Exception {
    // Each event is delayed by up to 30 minutes of event time: any two swap only if their
    // event times are less than 30 minutes apart (plus the simulator's own 10 minutes).
    Random random = new Random(7);
    List<String> shuffled = lines.stream()
        .map(line -> Map.entry(line, eventTime(line).plusSeconds(random.nextInt(1800))))
        .sorted(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .toList();
    assertThat(shuffled).isNotEqualTo(lines);
    Replay.Output output = Replay.run(file("shuffled", shuffled), Optional.empty(), CONFIG, 2);
    assertThat(ReferenceMetrics.parseExposition(output.series()))
        .isEqualTo(reference(lines, asOfDefault(lines)));
    assertThat(output.report()).anySatisfy(line -> assertThat(line).matches("events_late +0"));
  }

  @Test
  void earlierInstantsOfTheDayAgreeToo() throws Exception {
    Instant newest = asOfDefault(lines);
    for (Instant asOf : List.of(newest.minus(Duration.ofHours(3)), newest.minus(Duration.ofMinutes(47)))) {
      Replay.Output output = Replay.run(file("sim", lines), Optional.of(asOf), CONFIG, 2);
      assertThat(ReferenceMetrics.parseExposition(output.series()))
          .as("as of %s", asOf).isEqualTo(reference(lines, asOf));
    }
  }

  @Test
  void reassignmentsZoneChangesCrossDayEditsAndLateRepRecordsAgreeToo() throws Exception {
    List<String> tricky = TrickyEvents.generate(11, START, 3000);
    Instant newest = asOfDefault(tricky);
    for (Instant asOf : List.of(newest, newest.minus(Duration.ofHours(7)), newest.minus(Duration.ofHours(30)))) {
      Replay.Output one = Replay.run(file("tricky", tricky), Optional.of(asOf), CONFIG, 1);
      Replay.Output three = Replay.run(file("tricky", tricky), Optional.of(asOf), CONFIG, 3);
      Map<String, Double> reference = reference(tricky, asOf);
      assertThat(reference).as("as of %s", asOf).hasSizeGreaterThan(6);
      assertThat(ReferenceMetrics.parseExposition(one.series())).as("as of %s", asOf).isEqualTo(reference);
      assertThat(three.series()).isEqualTo(one.series());
    }
  }

  private static Path file(String name, List<String> events) throws IOException {
    return Files.write(dir.resolve(name + ".jsonl"), events);
  }

  private static Map<String, Double> reference(List<String> events, Instant asOf) {
    return ReferenceMetrics.compute(events, asOf, CONFIG.allowedLateness(), CONFIG.maxFuture(),
        ZoneOffset.UTC);
  }

  private static Instant asOfDefault(List<String> events) {
    return events.stream().map(ReplayDifferentialTest::eventTime).max(Comparator.naturalOrder()).orElseThrow();
  }

  private static Instant eventTime(String line) {
    try {
      return EventJson.parse(line).getEventTime();
    } catch (Exception e) {
      throw new IllegalStateException("the simulator wrote an invalid line: " + line, e);
    }
  }
}
