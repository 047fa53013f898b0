package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmpulse.contract.EventJson;
import io.crmpulse.jobs.config.JobConfig;
import io.crmpulse.simulator.Simulation;
import io.crmpulse.simulator.SimulationOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
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
  private static final ObjectMapper JSON = new ObjectMapper();
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

    // And most deal series: open, neglected and stalled deals, closed ones, stage exits.
    for (String name : List.of("crmpulse_open_deals", "crmpulse_neglected_deals",
        "crmpulse_stalled_deals", "crmpulse_busy_deals", "crmpulse_deals_won", "crmpulse_deals_lost",
        "crmpulse_stage_exits")) {
      assertThat(reference.keySet()).anyMatch(s -> s.startsWith(name + "{"));
    }

    Replay.Output one = Replay.run(file("sim", lines), Optional.empty(), CONFIG, 1);
    Replay.Output two = Replay.run(file("sim", lines), Optional.empty(), CONFIG, 2);
    assertSameSeries(two, reference);
    assertThat(one.series()).isEqualTo(two.series());
    List<JsonNode> alerts = referenceAlerts(lines, asOfDefault(lines), Map.of());
    assertThat(alerts.stream().map(a -> a.get("state").asText()))
        .contains("raised", "reminded", "resolved");
    assertSameAlerts(two, alerts);
    assertThat(one.alerts()).isEqualTo(two.alerts());
  }

  @Test
  void awkwardDealsAgreeAtSeveralInstantsAndParallelisms() throws Exception {
    List<String> deals = DealEvents.generate(5, START.minus(Duration.ofDays(120)), 200);
    Instant newest = asOfDefault(deals);
    for (Instant asOf : List.of(newest, newest.minus(Duration.ofDays(20)))) {
      Replay.Output two = Replay.run(file("deals", deals), Optional.of(asOf), CONFIG, 2);
      Replay.Output three = Replay.run(file("deals", deals), Optional.of(asOf), CONFIG, 3);
      assertSameSeries(two, reference(deals, asOf));
      assertSameAlerts(two, referenceAlerts(deals, asOf, Map.of()));
      assertThat(three.series()).isEqualTo(two.series());
      assertThat(three.alerts()).isEqualTo(two.alerts());
    }
    // Reps change teams in this log: team thresholds follow the team at each midnight.
    Map<String, String> byTeam = Map.of(
        JobConfig.NEGLECT_AFTER + ".team.team-x", "5 d",
        JobConfig.STALL_AFTER + ".team.team-1", "12 d");
    Replay.Output output = Replay.run(file("deals", deals), Optional.of(newest), JobConfig.of(byTeam), 2);
    assertSameSeries(output, reference(deals, newest, byTeam));
    assertSameAlerts(output, referenceAlerts(deals, newest, byTeam));
  }

  @Test
  void busyDealsAgreeOnAShuffledLogDeliveredTwice() throws Exception {
    // DealEvents' bursts of calls make deals busy in the log's first weeks.
    List<String> deals = DealEvents.generate(5, START.minus(Duration.ofDays(120)), 200);
    Instant asOf = START.minus(Duration.ofDays(85));
    List<String> twice = Deliveries.twiceShuffled(deals, new Random(13), Duration.ofMinutes(50));
    for (Map<String, String> config : List.of(Map.<String, String>of(),
        Map.of(JobConfig.BUSY_TOUCHES, "3", JobConfig.BUSY_WINDOW, "7 d"))) {
      Map<String, Double> reference = reference(deals, asOf, config);
      assertThat(reference.keySet().stream().filter(s -> s.startsWith("crmpulse_busy_deals{")).count())
          .as("busy series with %s", config).isGreaterThanOrEqualTo(5);
      Replay.Output output = Replay.run(file("busy", twice), Optional.of(asOf), JobConfig.of(config), 2);
      assertSameSeries(output, reference);
      assertSameAlerts(output, referenceAlerts(deals, asOf, config));
      assertThat(output.report()).anySatisfy(line -> assertThat(line).matches("events_duplicate +[1-9][0-9]*"));
    }
  }

  @Test
  void businessDaysStageAndTeamThresholdsAgreeToo() throws Exception {
    Map<String, String> config = Map.of(
        JobConfig.THRESHOLD_DAYS, "business",
        JobConfig.HOLIDAYS, "2025-12-24,2025-12-25,2026-01-01",
        JobConfig.CALENDAR_ZONE, "Europe/Stockholm",
        JobConfig.NEGLECT_AFTER + ".negotiation", "5 d",
        JobConfig.NEGLECT_AFTER + ".team.Americas", "8 d",
        JobConfig.STALL_AFTER + ".prospecting", "10 d",
        JobConfig.STALL_AFTER + ".team.APAC", "20 d",
        JobConfig.REMIND_EVERY, "2 d");
    Replay.Output output = Replay.run(file("sim", lines), Optional.empty(), JobConfig.of(config), 2);
    assertSameSeries(output, reference(lines, asOfDefault(lines), config));
    assertSameAlerts(output, referenceAlerts(lines, asOfDefault(lines), config));
  }

  @Test
  void stallThresholdsAsAMultipleOfTheMedianAgree() throws Exception {
    Map<String, String> config = Map.of(
        JobConfig.STALL_AFTER, "2x median",
        JobConfig.STALL_AFTER + ".qualification", "1.5x median");
    List<String> deals = DealEvents.generate(5, START.minus(Duration.ofDays(120)), 200);
    for (List<String> log : List.of(lines, deals)) {
      Instant asOf = asOfDefault(log);
      Map<String, Double> reference = reference(log, asOf, config);
      List<JsonNode> alerts = referenceAlerts(log, asOf, config);
      // Worth comparing only if the median moves something: stalled deals differ from 30 d.
      assertThat(stalled(reference)).isNotEqualTo(stalled(reference(log, asOf, Map.of())));
      assertThat(alerts).anyMatch(a -> a.get("kind").asText().equals("stalled"));
      Replay.Output two = Replay.run(file("median", log), Optional.of(asOf), JobConfig.of(config), 2);
      Replay.Output three = Replay.run(file("median", log), Optional.of(asOf), JobConfig.of(config), 3);
      assertSameSeries(two, reference);
      assertSameAlerts(two, alerts);
      assertThat(three.series()).isEqualTo(two.series());
      assertThat(three.alerts()).isEqualTo(two.alerts());
    }
    // Business days and another zone's midnights, with an absolute default as the fallback.
    Map<String, String> business = Map.of(
        JobConfig.THRESHOLD_DAYS, "business",
        JobConfig.CALENDAR_ZONE, "Europe/Stockholm",
        JobConfig.STALL_AFTER, "20 d",
        JobConfig.STALL_AFTER + ".proposal", "1.5x median",
        JobConfig.STALL_AFTER + ".qualification", "2x median");
    Instant asOf = asOfDefault(deals);
    Replay.Output output = Replay.run(file("median", deals), Optional.of(asOf), JobConfig.of(business), 2);
    assertSameSeries(output, reference(deals, asOf, business));
    assertSameAlerts(output, referenceAlerts(deals, asOf, business));
  }

  private static Map<String, Double> stalled(Map<String, Double> series) {
    Map<String, Double> stalled = new java.util.TreeMap<>(series);
    stalled.keySet().removeIf(s -> !s.startsWith("crmpulse_stalled_deals{"));
    return stalled;
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
    assertSameSeries(output, reference(lines, asOfDefault(lines)));
    assertSameAlerts(output, referenceAlerts(lines, asOfDefault(lines), Map.of()));
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
    assertSameSeries(output, reference(lines, asOfDefault(lines)));
    assertSameAlerts(output, referenceAlerts(lines, asOfDefault(lines), Map.of()));
    assertThat(output.report()).anySatisfy(line -> assertThat(line).matches("events_late +0"));
  }

  @Test
  void earlierInstantsOfTheDayAgreeToo() throws Exception {
    Instant newest = asOfDefault(lines);
    for (Instant asOf : List.of(newest.minus(Duration.ofHours(3)), newest.minus(Duration.ofMinutes(47)))) {
      Replay.Output output = Replay.run(file("sim", lines), Optional.of(asOf), CONFIG, 2);
      assertSameSeries(output, reference(lines, asOf));
      assertSameAlerts(output, referenceAlerts(lines, asOf, Map.of()));
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
      assertSameSeries(one, reference);
      assertThat(three.series()).isEqualTo(one.series());
    }
    // These reps' records set no daily call target: the configured ones apply, per team first.
    Map<String, String> targets = Map.of(
        JobConfig.DAILY_CALL_TARGET, "35", JobConfig.DAILY_CALL_TARGET + ".team.team-1", "50");
    Map<String, Double> reference = reference(tricky, newest, targets);
    assertThat(reference.entrySet().stream()
        .filter(e -> e.getKey().startsWith("crmpulse_daily_call_target{")).map(Map.Entry::getValue))
        .contains(35.0, 50.0);
    assertSameSeries(Replay.run(file("tricky", tricky), Optional.of(newest), JobConfig.of(targets), 2),
        reference);
  }

  private static Path file(String name, List<String> events) throws IOException {
    return Files.write(dir.resolve(name + ".jsonl"), events);
  }

  /** Activity, deal, lead and follow-up series of the reference, at the default config. */
  static Map<String, Double> reference(List<String> events, Instant asOf) {
    return reference(events, asOf, Map.of());
  }

  static Map<String, Double> reference(List<String> events, Instant asOf,
      Map<String, String> config) {
    Map<String, Double> series = new TreeMap<>(ReferenceMetrics.compute(events, asOf,
        CONFIG.allowedLateness(), CONFIG.maxFuture(), ZoneOffset.UTC, 10,
        Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), config));
    series.putAll(ReferenceDeals.series(events, asOf, CONFIG.allowedLateness(), CONFIG.maxFuture(), config));
    series.putAll(ReferenceProspects.series(events, asOf, CONFIG.allowedLateness(), CONFIG.maxFuture(), config));
    return series;
  }

  /** Re-read from text, as replay's are, so that numbers compare by value, not by node type. */
  private static List<JsonNode> referenceAlerts(List<String> events, Instant asOf,
      Map<String, String> config) throws IOException {
    List<JsonNode> alerts = new ArrayList<>();
    for (JsonNode alert : ReferenceDeals.alerts(events, asOf, CONFIG.allowedLateness(), CONFIG.maxFuture(), config)) {
      alerts.add(JSON.readTree(alert.toString()));
    }
    return alerts;
  }

  /** Equal series; a failure lists only the series that differ. */
  static void assertSameSeries(Replay.Output output, Map<String, Double> expected) {
    Map<String, Double> actual = ReferenceMetrics.parseExposition(output.series());
    Map<String, String> differences = new TreeMap<>();
    for (String series : new java.util.TreeSet<>(union(actual.keySet(), expected.keySet()))) {
      if (!java.util.Objects.equals(actual.get(series), expected.get(series))) {
        differences.put(series, "replay " + actual.get(series) + ", reference " + expected.get(series));
      }
    }
    assertThat(differences).as("series where replay and the reference differ").isEmpty();
  }

  private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
    java.util.Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return all;
  }

  /** Equal alert transitions; a failure shows the first one that differs. */
  private static void assertSameAlerts(Replay.Output output, List<JsonNode> expected)
      throws IOException {
    List<JsonNode> actual = alertsOf(output);
    for (int i = 0; i < Math.min(actual.size(), expected.size()); i++) {
      assertThat(actual.get(i)).as("alert transition %d", i).isEqualTo(expected.get(i));
    }
    assertThat(actual).hasSameSizeAs(expected);
  }

  private static List<JsonNode> alertsOf(Replay.Output output) throws IOException {
    List<JsonNode> alerts = new ArrayList<>();
    for (String line : output.alerts()) {
      alerts.add(JSON.readTree(line));
    }
    return alerts;
  }

  static Instant asOfDefault(List<String> events) {
    return events.stream().map(ReplayDifferentialTest::eventTime).max(Comparator.naturalOrder()).orElseThrow();
  }

  static Instant eventTime(String line) {
    try {
      return EventJson.parse(line).getEventTime();
    } catch (Exception e) {
      throw new IllegalStateException("the simulator wrote an invalid line: " + line, e);
    }
  }
}
