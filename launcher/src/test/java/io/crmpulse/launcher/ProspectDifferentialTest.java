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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay} against the plain-Java references ({@link ReferenceProspects} with the activity
 * and deal ones) on {@link ProspectEvents}' weeks of awkward leads, opportunities and touches: every
 * event shuffled within the allowed lateness and delivered twice, at parallelism 2, at two as-of
 * instants; every lead and follow-up series present and every series equal.
 */
class ProspectDifferentialTest {
  /** Lead and follow-up series: each must be present for the comparison to mean something. */
  static final List<String> SERIES = List.of("crmpulse_leads", "crmpulse_leads_pursued",
      "crmpulse_leads_contacted", "crmpulse_leads_by_disposition", "crmpulse_calls_by_lead_status",
      "crmpulse_speed_to_lead_within", "crmpulse_leads_sla_breached", "crmpulse_leads_given_up",
      "crmpulse_followups", "crmpulse_followups_before_response");
  private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
  private static final Instant LATE = Instant.parse("2026-04-08T16:45:00Z");
  private static List<String> log;
  @TempDir static Path dir;

  @BeforeAll
  static void generate() {
    log = ProspectEvents.generate(3, START, 220, 40);
  }

  @Test
  void shuffledAndDuplicatedLeadsAgreeWithTheReferenceAtTwoInstants() throws Exception {
    List<String> delivered = Deliveries.twiceShuffled(log, new Random(11), Duration.ofMinutes(50));
    assertThat(delivered).isNotEqualTo(log);
    // Late in the weeks leads are created in, with a month end behind; and the day Europe springs
    // forward, mid-afternoon in Stockholm: days of differing length.
    for (Instant asOf : List.of(LATE, Instant.parse("2026-03-29T13:30:00Z"))) {
      Map<String, Double> reference = ReplayDifferentialTest.reference(log, asOf, Map.of());
      for (String name : SERIES) {
        assertThat(reference.keySet()).as("%s as of %s", name, asOf)
            .anyMatch(s -> s.startsWith(name + "{"));
      }
      for (String period : List.of("today", "week", "month")) {
        assertThat(reference.keySet()).as("%s as of %s", period, asOf)
            .anyMatch(s -> s.startsWith("crmpulse_leads{") && s.contains("period=\"" + period + "\""));
      }
      Replay.Output output = Replay.run(file("prospects", delivered), Optional.of(asOf),
          JobConfig.of(Map.of()), 2);
      ReplayDifferentialTest.assertSameSeries(output, reference);
      assertThat(output.report()).anySatisfy(line -> assertThat(line).matches("events_duplicate +[1-9][0-9]*"));
    }
  }

  @Test
  void otherSlaGiveUpAndSourcesAgreeToo() throws Exception {
    Map<String, String> config = Map.of(JobConfig.RESPONSE_SLA, "20 min",
        JobConfig.GIVE_UP_AFTER, "3 d", JobConfig.LEAD_SOURCES, "website,referral,cold_list");
    Instant asOf = LATE;
    Map<String, Double> reference = ReplayDifferentialTest.reference(log, asOf, config);
    assertThat(reference).isNotEqualTo(ReplayDifferentialTest.reference(log, asOf, Map.of()));
    assertThat(reference.keySet()).anyMatch(s -> s.contains("source=\"cold_list\""));
    Replay.Output output = Replay.run(file("config", log), Optional.of(asOf), JobConfig.of(config), 2);
    ReplayDifferentialTest.assertSameSeries(output, reference);
  }

  @Test
  void simulatedLeadsAgreeToo() throws Exception {
    List<String> simulated = Simulation.stream(SimulationOptions.defaults(17, START)).limit(6000)
        .map(EventJson::write).toList();
    Instant asOf = ReplayDifferentialTest.asOfDefault(simulated);
    Map<String, Double> reference = ReplayDifferentialTest.reference(simulated, asOf, Map.of());
    for (String name : List.of("crmpulse_leads", "crmpulse_leads_pursued",
        "crmpulse_speed_to_lead_within", "crmpulse_followups")) {
      assertThat(reference.keySet()).as(name).anyMatch(s -> s.startsWith(name + "{"));
    }
    Replay.Output output = Replay.run(
        file("simulated", Deliveries.twiceShuffled(simulated, new Random(5), Duration.ofMinutes(50))),
        Optional.of(asOf), JobConfig.of(Map.of()), 2);
    ReplayDifferentialTest.assertSameSeries(output, reference);
  }

  private static Path file(String name, List<String> events) throws IOException {
    return Files.write(dir.resolve(name + ".jsonl"), events);
  }
}
