package io.crmpulse.exporter;

import static io.crmpulse.exporter.Snapshots.NEXT_DAY;
import static io.crmpulse.exporter.Snapshots.T0;
import static io.crmpulse.exporter.Snapshots.T0_DAY;
import static io.crmpulse.exporter.Snapshots.callsToday;
import static io.crmpulse.exporter.Snapshots.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.crmpulse.exporter.WallData.AtRiskRow;
import io.crmpulse.exporter.WallData.PipelineRow;
import io.crmpulse.exporter.WallData.RepRow;
import io.crmpulse.exporter.WallData.StageCount;
import io.crmpulse.exporter.WallData.TeamRow;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The figures the wall page gets, from a store fed with hand-made snapshots. */
class WallDataTest {
  private final SeriesStore store = new SeriesStore();
  private final MovableClock clock = new MovableClock(T0);
  private final OperationalMetrics operational = new OperationalMetrics(store, clock);
  private final Wall wall = new Wall(store, operational, clock);

  @Test
  void leaderboardRanksRepsByCallsWithTheirTeamConversationsAndContactRate() {
    rep("r1", "Nordics", 10, 4, 0.3);
    rep("r2", "APAC", 25, 6, 0.2);
    rep("r3", "APAC", 10, 5, 0.4);
    // Some activity but no outbound call: calls 0 and no contact ratio.
    callsToday("r4", "Nordics", T0_DAY).value(0).applyTo(store);
    today("crmpulse_conversations_today", "r4", "Nordics", 1);
    operational.markCaughtUp();

    WallData data = wall.data();

    assertThat(data.ready()).isTrue();
    assertThat(data.reps())
        .containsExactly(
            new RepRow(1, "r2", "APAC", 25, 6, 0.2),
            new RepRow(2, "r3", "APAC", 10, 5, 0.4),
            new RepRow(3, "r1", "Nordics", 10, 4, 0.3),
            new RepRow(4, "r4", "Nordics", 0, 1, null));
    assertThat(data.moreReps()).isZero();
  }

  @Test
  void showsTheTopTwelveByCallsAndCountsTheRest() {
    for (int i = 1; i <= 15; i++) {
      rep(String.format("r%02d", i), "t", i, 0, 0.5);
    }
    operational.markCaughtUp();

    WallData data = wall.data();

    assertThat(data.reps()).hasSize(WallData.MAX_REPS).hasSize(12);
    assertThat(data.reps()).extracting(RepRow::rep).startsWith("r15", "r14").endsWith("r04");
    assertThat(data.reps())
        .extracting(RepRow::rank)
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    assertThat(data.moreReps()).isEqualTo(3);
    // Team totals still cover every rep, not just those shown.
    assertThat(data.teams())
        .extracting(TeamRow::reps, TeamRow::calls)
        .containsExactly(tuple(15, 120.0));
  }

  @Test
  void teamContactRateIsWeightedByCallsLikeTheRecordingRule() {
    rep("r1", "Nordics", 30, 0, 0.5); // 15 connected
    rep("r2", "Nordics", 10, 0, 0.1); // 1 connected
    rep("r3", "APAC", 50, 12, 0.2);
    callsToday("r4", "Americas", T0_DAY).value(0).applyTo(store);
    operational.markCaughtUp();

    assertThat(wall.data().teams())
        .containsExactly(
            new TeamRow("APAC", 1, 50, 12, 0.2),
            new TeamRow("Nordics", 2, 40, 0, 16.0 / 40),
            new TeamRow("Americas", 1, 0, 0, null));
  }

  @Test
  void neglectedAndStalledDealsByRepWithStalledStages() {
    deals("crmpulse_neglected_deals", "r1", "Nordics", null, 2);
    deals("crmpulse_stalled_deals", "r1", "Nordics", "proposal", 1);
    deals("crmpulse_stalled_deals", "r1", "Nordics", "negotiation", 2);
    deals("crmpulse_stalled_deals", "r2", "APAC", "proposal", 1);
    deals("crmpulse_neglected_deals", "r3", "APAC", null, 1);
    deals("crmpulse_neglected_deals", "r4", "APAC", null, 0);
    operational.markCaughtUp();

    WallData data = wall.data();

    assertThat(data.atRisk())
        .containsExactly(
            new AtRiskRow(
                "r1",
                "Nordics",
                2,
                3,
                List.of(new StageCount("negotiation", 2), new StageCount("proposal", 1))),
            new AtRiskRow("r2", "APAC", 0, 1, List.of(new StageCount("proposal", 1))),
            new AtRiskRow("r3", "APAC", 1, 0, List.of()));
    // Deal series alone put nobody on the leaderboard: it is about today's activity.
    assertThat(data.reps()).isEmpty();
  }

  @Test
  void atRiskIsCappedToo() {
    for (int i = 1; i <= 7; i++) {
      deals("crmpulse_neglected_deals", "r" + i, "t", null, i);
    }
    operational.markCaughtUp();

    WallData data = wall.data();

    assertThat(data.atRisk())
        .extracting(AtRiskRow::rep)
        .containsExactly("r7", "r6", "r5", "r4", "r3");
    assertThat(data.moreAtRisk()).isEqualTo(2);
  }

  @Test
  void weightedPipelineIsSummedPerCurrencyOverRepsAndStages() {
    pipeline("r1", "proposal", "EUR", 1000.5);
    pipeline("r1", "negotiation", "EUR", 2000);
    pipeline("r2", "proposal", "EUR", 500);
    pipeline("r2", "proposal", "USD", 9000);
    pipeline("r3", "proposal", "SEK", 10);
    pipeline("r3", "proposal", "unknown", 1);
    // The unweighted amount is another series and stays off the wall.
    series("crmpulse_pipeline_amount")
        .label("rep", "r1")
        .label("team", "t")
        .label("stage", "proposal")
        .label("currency", "EUR")
        .value(1e9)
        .applyTo(store);
    operational.markCaughtUp();

    WallData data = wall.data();

    assertThat(data.pipeline())
        .containsExactly(
            new PipelineRow("USD", 9000),
            new PipelineRow("EUR", 3500.5),
            new PipelineRow("SEK", 10));
    assertThat(data.morePipeline()).isEqualTo(1);
  }

  @Test
  void servesWhatMetricsServesAtTheClocksNow() {
    rep("r1", "a", 3, 1, 1.0 / 3);
    operational.markCaughtUp();
    assertThat(wall.data().reps()).extracting(RepRow::rep).containsExactly("r1");

    clock.set(NEXT_DAY);

    assertThat(wall.data().reps()).isEmpty();
    assertThat(wall.data().at()).isEqualTo(NEXT_DAY.toString());
  }

  @Test
  void nothingButTheDataAgeUntilTheTopicHasBeenRead() {
    rep("r1", "a", 3, 1, 0.5);
    deals("crmpulse_neglected_deals", "r1", "a", null, 2);

    WallData data = wall.data();

    assertThat(data.ready()).isFalse();
    assertThat(data.reps()).isEmpty();
    assertThat(data.atRisk()).isEmpty();
    assertThat(data.dataAgeSeconds()).isEqualTo(0.0);
  }

  @Test
  void dataAgeIsTheExportersOwnAndSaysHowFreshItIs() {
    assertThat(wall.data().dataAgeSeconds()).isNull();
    assertThat(wall.data().dataAge()).isEqualTo("none");
    assertThat(wall.data().newestEventTime()).isNull();

    callsToday("r1", "a", T0_DAY).value(1).eventTime(T0.minusSeconds(3)).applyTo(store);
    assertThat(wall.data().dataAgeSeconds()).isEqualTo(3.0);
    assertThat(wall.data().dataAge()).isEqualTo("fresh");
    assertThat(wall.data().newestEventTime()).isEqualTo(T0.minusSeconds(3).toString());
    assertThat(operational.scrape()).contains("crmpulse_exporter_data_age_seconds 3.0\n");

    clock.set(T0.plus(Duration.ofMinutes(5)));
    assertThat(wall.data().dataAge()).isEqualTo("lagging");
    clock.set(T0.plus(Duration.ofMinutes(16)));
    assertThat(wall.data().dataAge()).isEqualTo("stale");
    assertThat(wall.data().dataAgeSeconds()).isEqualTo(963.0);
  }

  @Test
  void labelValuesReachTheJsonIntactAndEscaped() throws Exception {
    String hostile = "<img src=x onerror=alert(1)>\"\\\n\u2028</script>Åsa";
    rep(hostile, "<b>team</b>", 5, 1, 0.2);
    operational.markCaughtUp();

    String json = wall.json();

    // One line (an SSE data field), plain ASCII, and the same strings after parsing.
    assertThat(json).doesNotContain("\n").doesNotContain("\u2028");
    assertThat(json.chars()).allMatch(c -> c < 0x80);
    JsonNode row = JsonMapper.builder().build().readTree(json).get("reps").get(0);
    assertThat(row.get("rep").asText()).isEqualTo(hostile);
    assertThat(row.get("team").asText()).isEqualTo("<b>team</b>");
  }

  @Test
  void leavesOutValuesThatAreNoNumber() throws Exception {
    rep("r1", "a", 3, 1, Double.NaN);
    pipeline("r1", "proposal", "EUR", Double.POSITIVE_INFINITY);
    pipeline("r2", "proposal", "EUR", 5);
    operational.markCaughtUp();

    WallData data = wall.data();

    assertThat(data.reps()).containsExactly(new RepRow(1, "r1", "a", 3, 1, null));
    assertThat(data.pipeline()).containsExactly(new PipelineRow("EUR", 5));
    assertThat(wall.json()).doesNotContain("NaN").doesNotContain("Infinity");
  }

  @Test
  void jsonCarriesEveryFieldThePageReads() throws Exception {
    rep("r1", "a", 3, 1, 0.5);
    deals("crmpulse_stalled_deals", "r1", "a", "proposal", 1);
    pipeline("r1", "proposal", "EUR", 10);
    operational.markCaughtUp();

    JsonNode json = JsonMapper.builder().build().readTree(wall.json());

    assertThat(json.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder(
            "at",
            "ready",
            "dataAgeSeconds",
            "dataAge",
            "newestEventTime",
            "reps",
            "moreReps",
            "teams",
            "moreTeams",
            "atRisk",
            "moreAtRisk",
            "pipeline",
            "morePipeline");
    assertThat(json.get("reps").get(0).fieldNames())
        .toIterable()
        .containsExactly("rank", "rep", "team", "calls", "conversations", "contactRatio");
    assertThat(json.get("atRisk").get(0).get("stalledByStage").get(0).get("stage").asText())
        .isEqualTo("proposal");
    assertThat(json.get("pipeline").get(0).get("weighted").asDouble()).isEqualTo(10.0);
  }

  private void rep(String rep, String team, double calls, double conversations, double ratio) {
    callsToday(rep, team, T0_DAY).value(calls).applyTo(store);
    today("crmpulse_conversations_today", rep, team, conversations);
    today("crmpulse_contact_ratio_today", rep, team, ratio);
  }

  private void today(String name, String rep, String team, double value) {
    series(name)
        .label("rep", rep)
        .label("team", team)
        .period(T0_DAY, T0_DAY.plus(Duration.ofDays(1)))
        .value(value)
        .applyTo(store);
  }

  private void deals(String name, String rep, String team, String stage, double value) {
    Snapshots s = series(name).label("rep", rep).label("team", team);
    if (stage != null) {
      s.label("stage", stage);
    }
    s.value(value).applyTo(store);
  }

  private void pipeline(String rep, String stage, String currency, double value) {
    series("crmpulse_weighted_pipeline_amount")
        .label("rep", rep)
        .label("team", "t")
        .label("stage", stage)
        .label("currency", currency)
        .value(value)
        .applyTo(store);
  }
}
