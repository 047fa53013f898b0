package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Pins {@link ReferenceDeals} to numbers and alert lists worked out by hand from the spec
 * (docs/metrics.md). Readings of the spec where it leaves room are listed on {@link ReferenceDeals};
 * the tests that depend on one say so.
 */
class ReferenceDealsTest {
  /** A Monday. */
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final Duration LATENESS = Duration.ofHours(1);
  /** Far enough for the sparse logs here: no event is an impossible clock unless a test says so. */
  private static final Duration MAX_FUTURE = Duration.ofDays(3650);
  private static final String NORDICS = "rep=\"rep-01\",team=\"Nordics\"";

  // ------------------------------------------------------------------------------ neglect

  @Test
  void aDealIsNeglectedOneMillisecondAfterFourteenDaysAndATouchResolvesIt() {
    List<String> log = new ArrayList<>(List.of(
        rep("r1", T0, "rep-01", "Nordics"),
        deal("e1", T0, "d1", "rep-01", "proposal", "open")));
    Instant due = T0.plus(days(14)).plusMillis(1);

    assertThat(series(log, due.minusMillis(1), Map.of()))
        .doesNotContainKey("crmpulse_neglected_deals{" + NORDICS + "}");
    assertThat(alerts(log, due.minusMillis(1), Map.of())).isEmpty();
    assertThat(series(log, due, Map.of()))
        .containsEntry("crmpulse_neglected_deals{" + NORDICS + "}", 1.0);
    assertThat(alerts(log, due, Map.of())).containsExactly(
        "d1/neglected/2026-03-02T09:00:00Z#1 raised at=2026-03-16T09:00:00.001Z age=1209600");

    // A call 15 days in, logged an hour after it was made.
    log.add(activity("a1", T0.plus(days(15)), "a1", "rep-01", "d1",
        T0.plus(days(15)).minus(hours(1)), "completed"));
    assertThat(alerts(log, T0.plus(days(16)), Map.of())).containsExactly(
        "d1/neglected/2026-03-02T09:00:00Z#1 raised at=2026-03-16T09:00:00.001Z age=1209600",
        "d1/neglected/2026-03-02T09:00:00Z#2 resolved at=2026-03-17T09:00:00Z age=1296000 reason=touched");
    assertThat(series(log, T0.plus(days(16)), Map.of()))
        .doesNotContainKey("crmpulse_neglected_deals{" + NORDICS + "}");

    // Every field of the resolved record, as the alerts file shows it.
    ObjectNode resolved = ReferenceDeals.alerts(log, T0.plus(days(16)), LATENESS, MAX_FUTURE,
        Map.of()).get(1);
    assertThat(resolved.toString()).isEqualTo("{\"alert_id\":\"d1/neglected/2026-03-02T09:00:00Z\","
        + "\"event_id\":\"d1/neglected/2026-03-02T09:00:00Z#2\",\"deal_id\":\"d1\","
        + "\"kind\":\"neglected\",\"state\":\"resolved\",\"at\":\"2026-03-17T09:00:00Z\","
        + "\"since\":\"2026-03-02T09:00:00Z\",\"owner_id\":\"rep-01\",\"team\":\"Nordics\","
        + "\"stage\":\"proposal\",\"amount\":1000.0,\"currency\":\"EUR\",\"age_seconds\":1296000,"
        + "\"reason\":\"touched\"}");
  }

  @Test
  void onlyCompletedLinkedNotDeletedActivitiesInThePastAreTouches() {
    List<String> log = List.of(
        deal("e1", T0, "d1", "rep-01", "proposal", "open"),
        // planned, other deal, no deal, then deleted: none of them touches d1
        activity("a1", T0.plus(days(1)), "a1", "rep-01", "d1", T0.plus(days(1)), "planned"),
        activity("a2", T0.plus(days(1)), "a2", "rep-01", "d2", T0.plus(days(1)), "completed"),
        activity("a3", T0.plus(days(1)), "a3", "rep-01", null, T0.plus(days(1)), "completed"),
        activity("a4", T0.plus(days(1)), "a4", "rep-01", "d1", T0.plus(days(1)), "completed"),
        deleted("a4-del", T0.plus(days(2)), "activity", "a4"),
        // logged on day 10 for day 12: a touch only once day 12 has come
        activity("a5", T0.plus(days(10)), "a5", "rep-01", "d1", T0.plus(days(12)), "completed"));
    assertThat(alerts(log, T0.plus(days(20)), Map.of())).isEmpty();
    // Had a5 not come into the past, the deal would be neglected from day 14 on.
    assertThat(alerts(log.subList(0, 6), T0.plus(days(14)).plusMillis(1), Map.of()))
        .containsExactly("d1/neglected/2026-03-02T09:00:00Z#1 raised at=2026-03-16T09:00:00.001Z age=1209600");
  }

  @Test
  void deletingTheLastTouchMovesTheBasisBack() {
    List<String> log = List.of(
        deal("e1", T0, "d1", "rep-01", "proposal", "open"),
        activity("a1", T0.plus(days(10)), "a1", "rep-01", "d1", T0.plus(days(10)), "completed"),
        deleted("a1-del", T0.plus(days(20)), "activity", "a1"));
    // Without the delete it would be due on day 24; with it the basis is created_at again.
    assertThat(alerts(log, T0.plus(days(21)), Map.of())).containsExactly(
        "d1/neglected/2026-03-02T09:00:00Z#1 raised at=2026-03-22T09:00:00Z age=1728000");
  }

  @Test
  void anOldCallLoggedLateStartsANewEpisodeWhenTheDealStaysNeglected() {
    List<String> log = List.of(
        deal("e1", T0, "d1", "rep-01", "proposal", "open"),
        activity("a1", T0.plus(days(16)), "a1", "rep-01", "d1", T0.plus(days(1)), "completed"));
    assertThat(alerts(log, T0.plus(days(16)), Map.of())).containsExactly(
        "d1/neglected/2026-03-02T09:00:00Z#1 raised at=2026-03-16T09:00:00.001Z age=1209600",
        "d1/neglected/2026-03-02T09:00:00Z#2 resolved at=2026-03-18T09:00:00Z age=1382400 reason=touched",
        "d1/neglected/2026-03-03T09:00:00Z#1 raised at=2026-03-18T09:00:00Z age=1296000");
  }

  @Test
  void aRaisedAlertIsRemindedEveryRemindEvery() {
    List<String> log = List.of(deal("e1", T0, "d1", "rep-01", "proposal", "open"));
    assertThat(alerts(log, T0.plus(days(28)).plusMillis(1), Map.of())).containsExactly(
        "d1/neglected/2026-03-02T09:00:00Z#1 raised at=2026-03-16T09:00:00.001Z age=1209600",
        "d1/neglected/2026-03-02T09:00:00Z#2 reminded at=2026-03-23T09:00:00.001Z age=1814400",
        "d1/neglected/2026-03-02T09:00:00Z#3 reminded at=2026-03-30T09:00:00.001Z age=2419200");
    assertThat(alerts(log, T0.plus(days(28)), Map.of())).hasSize(2);

    assertThat(alerts(log, T0.plus(days(14)).plusSeconds(25), Map.of("alerts.remind-every", "10 s")))
        .containsExactly(
            "d1/neglected/2026-03-02T09:00:00Z#1 raised at=2026-03-16T09:00:00.001Z age=1209600",
            "d1/neglected/2026-03-02T09:00:00Z#2 reminded at=2026-03-16T09:00:10.001Z age=1209610",
            "d1/neglected/2026-03-02T09:00:00Z#3 reminded at=2026-03-16T09:00:20.001Z age=1209620");
  }

  @Test
  void aNeglectThresholdPerStage() {
    List<String> log = List.of(
        deal("e1", T0, "d1", "rep-01", "proposal", "open"),
        deal("e2", T0.plus(days(8)), "d1", "rep-01", "negotiation", "open"));
    Map<String, String> config = Map.of("deals.neglect-after.negotiation", "7 d");
    // Entering negotiation on day 8, 8 days after the last touch: neglected at once.
    assertThat(alerts(log, T0.plus(days(9)), config)).containsExactly(
        "d1/neglected/2026-03-02T09:00:00Z#1 raised at=2026-03-10T09:00:00Z age=691200");
    // Back to the 14 d stage: no longer neglected, nothing touched it: moved.
    List<String> back = new ArrayList<>(log);
    back.add(deal("e3", T0.plus(days(10)), "d1", "rep-01", "proposal", "open"));
    assertThat(alerts(back, T0.plus(days(11)), config)).containsExactly(
        "d1/neglected/2026-03-02T09:00:00Z#1 raised at=2026-03-10T09:00:00Z age=691200",
        "d1/neglected/2026-03-02T09:00:00Z#2 resolved at=2026-03-12T09:00:00Z age=864000 reason=moved");
  }

  @Test
  void aReopenedDealNeglectedAgainWithoutATouchGoesOnCountingTheSameAlertId() {
    // reading: the second episode has the first one's basis, hence its alert_id; n goes on
    List<String> log = List.of(
        deal("e1", T0, "d1", "rep-01", "proposal", "open"),
        deal("e2", T0.plus(days(15)), "d1", "rep-01", "proposal", "lost"),
        deal("e3", T0.plus(days(16)), "d1", "rep-01", "proposal", "open"));
    assertThat(alerts(log, T0.plus(days(17)), Map.of())).containsExactly(
        "d1/neglected/2026-03-02T09:00:00Z#1 raised at=2026-03-16T09:00:00.001Z age=1209600",
        "d1/neglected/2026-03-02T09:00:00Z#2 resolved at=2026-03-17T09:00:00Z age=1296000 reason=closed",
        "d1/neglected/2026-03-02T09:00:00Z#3 raised at=2026-03-18T09:00:00Z age=1382400");
  }

  @Test
  void anActivityMovedToAnotherDealMovesItsTouch() {
    List<String> log = List.of(
        deal("e1", T0, "d1", "rep-01", "proposal", "open"),
        deal("f1", T0, "d2", "rep-01", "proposal", "open"),
        activity("a1", T0.plus(days(5)), "a1", "rep-01", "d1", T0.plus(days(5)), "completed"),
        activity("a1b", T0.plus(days(10)), "a1", "rep-01", "d2", T0.plus(days(5)), "completed"));
    assertThat(alerts(log, T0.plus(days(20)), Map.of())).containsExactly(
        "d1/neglected/2026-03-02T09:00:00Z#1 raised at=2026-03-16T09:00:00.001Z age=1209600",
        "d2/neglected/2026-03-07T09:00:00Z#1 raised at=2026-03-21T09:00:00.001Z age=1209600");
  }

  @Test
  void remindersShowTheTeamAtTheirInstant() {
    List<String> log = List.of(
        rep("r1", T0, "rep-01", "Nordics"),
        deal("e1", T0, "d1", "rep-01", "proposal", "open"),
        rep("r2", T0.plus(days(18)), "rep-01", "DACH"));
    assertThat(ReferenceDeals.alerts(log, T0.plus(days(22)), LATENESS, MAX_FUTURE, Map.of())
        .stream().map(a -> a.get("state").asText() + " " + a.get("team").asText()))
        .containsExactly("raised Nordics", "reminded DACH");
  }

  // ------------------------------------------------------------------------------ snoozes

  @Test
  void aSnoozeCoveringTheDueInstantSnoozesThenRaisesAtUntil() {
    List<String> log = List.of(
        deal("e1", T0, "d1", "rep-01", "proposal", "open"),
        snooze("s1", T0.plus(days(10)), "s1", "d1", "neglected", T0.plus(days(20)), "on vacation"));
    assertThat(alerts(log, T0.plus(days(27)), Map.of())).containsExactly(
        "d1/neglected/2026-03-02T09:00:00Z#1 snoozed at=2026-03-16T09:00:00.001Z age=1209600"
            + " reason=on vacation until=2026-03-22T09:00:00Z",
        "d1/neglected/2026-03-02T09:00:00Z#2 raised at=2026-03-22T09:00:00Z age=1728000",
        "d1/neglected/2026-03-02T09:00:00Z#3 reminded at=2026-03-29T09:00:00Z age=2332800");
    // The snooze silences alerts, not the series.
    assertThat(series(log, T0.plus(days(15)), Map.of()))
        .containsEntry("crmpulse_neglected_deals{rep=\"rep-01\",team=\"unknown\"}", 1.0);
  }

  @Test
  void aSnoozeOfARaisedAlertAndItsDeletion() {
    List<String> log = List.of(
        deal("e1", T0, "d1", "rep-01", "proposal", "open"),
        // kind absent: both kinds
        snooze("s1", T0.plus(days(15)), "s1", "d1", null, T0.plus(days(20)), "waiting for legal"),
        // the delete names the deal too: the job keys snoozes by deal
        deleted("s1-del", T0.plus(days(16)), "snooze", "s1", "opportunity_id", "d1"));
    assertThat(alerts(log, T0.plus(days(23)), Map.of())).containsExactly(
        "d1/neglected/2026-03-02T09:00:00Z#1 raised at=2026-03-16T09:00:00.001Z age=1209600",
        "d1/neglected/2026-03-02T09:00:00Z#2 snoozed at=2026-03-17T09:00:00Z age=1296000"
            + " reason=waiting for legal until=2026-03-22T09:00:00Z",
        "d1/neglected/2026-03-02T09:00:00Z#3 raised at=2026-03-18T09:00:00Z age=1382400",
        "d1/neglected/2026-03-02T09:00:00Z#4 reminded at=2026-03-25T09:00:00Z age=1987200");
  }

  @Test
  void aSnoozeOfTheOtherKindOrAnotherDealOrAlreadyOverDoesNotCover() {
    List<String> log = List.of(
        deal("e1", T0, "d1", "rep-01", "proposal", "open"),
        snooze("s1", T0.plus(days(10)), "s1", "d1", "stalled", T0.plus(days(20)), "x"),
        snooze("s2", T0.plus(days(10)), "s2", "d2", null, T0.plus(days(20)), "x"),
        snooze("s3", T0.plus(days(10)), "s3", "d1", null, T0.plus(days(14)).plusMillis(1), "x"));
    assertThat(alerts(log, T0.plus(days(15)), Map.of())).containsExactly(
        "d1/neglected/2026-03-02T09:00:00Z#1 raised at=2026-03-16T09:00:00.001Z age=1209600");
  }

  @Test
  void aLateTouchOfASnoozedEpisodeBeginsANewSnoozedEpisode() {
    List<String> log = List.of(
        deal("e1", T0, "d1", "rep-01", "proposal", "open"),
        snooze("s1", T0.plus(days(10)), "s1", "d1", "neglected", T0.plus(days(30)), "r"),
        activity("a1", T0.plus(days(16)), "a1", "rep-01", "d1", T0.plus(days(1)), "completed"));
    assertThat(alerts(log, T0.plus(days(17)), Map.of())).containsExactly(
        "d1/neglected/2026-03-02T09:00:00Z#1 snoozed at=2026-03-16T09:00:00.001Z age=1209600"
            + " reason=r until=2026-04-01T09:00:00Z",
        "d1/neglected/2026-03-02T09:00:00Z#2 resolved at=2026-03-18T09:00:00Z age=1382400 reason=touched",
        "d1/neglected/2026-03-03T09:00:00Z#1 snoozed at=2026-03-18T09:00:00Z age=1296000"
            + " reason=r until=2026-04-01T09:00:00Z");
  }

  @Test
  void ofSeveralSnoozesTheLatestUntilIsShownAndTheEarlierEndingChangesNothing() {
    // reading: the covering snooze with the latest until is the one shown
    List<String> log = List.of(
        deal("e1", T0, "d1", "rep-01", "proposal", "open"),
        snooze("s1", T0.plus(days(10)), "s1", "d1", "neglected", T0.plus(days(20)), "a"),
        snooze("s2", T0.plus(days(10)), "s2", "d1", null, T0.plus(days(25)), "b"));
    assertThat(alerts(log, T0.plus(days(26)), Map.of())).containsExactly(
        "d1/neglected/2026-03-02T09:00:00Z#1 snoozed at=2026-03-16T09:00:00.001Z age=1209600"
            + " reason=b until=2026-03-27T09:00:00Z",
        "d1/neglected/2026-03-02T09:00:00Z#2 raised at=2026-03-27T09:00:00Z age=2160000");
  }

  // ------------------------------------------------------------------------------ stages

  @Test
  void aStageChangeResolvesStalledAndResetsTheStageEntry() {
    List<String> log = List.of(
        rep("r1", T0, "rep-01", "Nordics"),
        deal("e1", T0, "d1", "rep-01", "qualification", "open"),
        // same stage, new amount: the run goes on
        deal("e2", T0.plus(days(20)), "d1", "rep-01", "qualification", "open"),
        deal("e3", T0.plus(days(40)), "d1", "rep-01", "proposal", "open"));
    Map<String, String> config = Map.of("deals.neglect-after", "365 d",
        "deals.stall-after.proposal", "5 d");
    assertThat(alerts(log, T0.plus(days(50)), config)).containsExactly(
        "d1/stalled/2026-03-02T09:00:00Z#1 raised at=2026-04-01T09:00:00.001Z age=2592000",
        "d1/stalled/2026-03-02T09:00:00Z#2 reminded at=2026-04-08T09:00:00.001Z age=3196800",
        "d1/stalled/2026-03-02T09:00:00Z#3 resolved at=2026-04-11T09:00:00Z age=3456000 reason=moved",
        "d1/stalled/2026-04-11T09:00:00Z#1 raised at=2026-04-16T09:00:00.001Z age=432000");
    // The resolved record shows the stage at its instant.
    assertThat(ReferenceDeals.alerts(log, T0.plus(days(50)), LATENESS, MAX_FUTURE, config).get(2)
        .get("stage").asText()).isEqualTo("proposal");

    Map<String, Double> at50 = series(log, T0.plus(days(50)), config);
    assertThat(at50).isEqualTo(new TreeMap<>(Map.ofEntries(
        Map.entry("crmpulse_open_deals{rep=\"rep-01\",stage=\"proposal\",team=\"Nordics\"}", 1.0),
        Map.entry("crmpulse_stalled_deals{rep=\"rep-01\",stage=\"proposal\",team=\"Nordics\"}", 1.0),
        Map.entry("crmpulse_pipeline_amount{currency=\"EUR\",rep=\"rep-01\",stage=\"proposal\",team=\"Nordics\"}", 1000.0),
        Map.entry("crmpulse_weighted_pipeline_amount{currency=\"EUR\",rep=\"rep-01\",stage=\"proposal\",team=\"Nordics\"}", 500.0),
        Map.entry("crmpulse_forecast_amount{currency=\"EUR\",forecast_category=\"pipeline\",rep=\"rep-01\",team=\"Nordics\"}", 1000.0),
        Map.entry("crmpulse_stage_exits{outcome=\"advanced\",rep=\"rep-01\",stage=\"qualification\",team=\"Nordics\"}", 1.0),
        Map.entry(within("qualification", "45"), 1.0),
        Map.entry(within("qualification", "60"), 1.0),
        Map.entry(within("qualification", "90"), 1.0),
        Map.entry(within("qualification", "+Inf"), 1.0))));
    assertThat(series(log, T0.plus(days(45)), config))
        .doesNotContainKey("crmpulse_stalled_deals{rep=\"rep-01\",stage=\"proposal\",team=\"Nordics\"}");
  }

  @Test
  void anEarlierVersionArrivingLaterGivesTheSameStageEntry() {
    String v1 = deal("e-a", T0, "d1", "rep-01", "qualification", "open");
    String v2 = deal("e-b", T0.plus(hours(1)), "d1", "rep-01", "proposal", "open");
    String v3 = deal("e-c", T0.plus(hours(2)), "d1", "rep-01", "proposal", "open", "amount", 2000);
    Map<String, String> config = Map.of("deals.neglect-after", "365 d", "deals.stall-after", "1 d");
    Instant asOf = T0.plus(days(3));
    List<String> inOrder = List.of(v1, v2, v3);
    List<String> late = List.of(v1, v3, v2); // v2 exactly the allowed hour behind v3
    assertThat(alerts(inOrder, asOf, config)).containsExactly(
        "d1/stalled/2026-03-02T10:00:00Z#1 raised at=2026-03-03T10:00:00.001Z age=86400");
    assertThat(alerts(late, asOf, config)).isEqualTo(alerts(inOrder, asOf, config));
    assertThat(series(late, asOf, config)).isEqualTo(series(inOrder, asOf, config))
        .containsEntry("crmpulse_stage_exits{outcome=\"advanced\",rep=\"rep-01\","
            + "stage=\"qualification\",team=\"unknown\"}", 1.0)
        .containsEntry("crmpulse_pipeline_amount{currency=\"EUR\",rep=\"rep-01\","
            + "stage=\"proposal\",team=\"unknown\"}", 2000.0);
  }

  @Test
  void tiesOnEventTimeAreBrokenByEventId() {
    Map<String, String> config = Map.of("deals.neglect-after", "365 d", "deals.stall-after", "1 d");
    List<String> log = List.of(
        deal("e-a", T0, "d1", "rep-01", "proposal", "open"),
        // two versions at one instant: e-z is current, e-y comes before it
        deal("e-z", T0.plus(hours(3)), "d1", "rep-01", "proposal", "open"),
        deal("e-y", T0.plus(hours(3)), "d1", "rep-01", "negotiation", "open"));
    assertThat(alerts(log, T0.plus(days(2)), config)).containsExactly(
        "d1/stalled/2026-03-02T12:00:00Z#1 raised at=2026-03-03T12:00:00.001Z age=86400");
    Map<String, Double> s = series(log, T0.plus(days(2)), config);
    assertThat(s).containsEntry(
        "crmpulse_open_deals{rep=\"rep-01\",stage=\"proposal\",team=\"unknown\"}", 1.0);
    assertThat(s).containsEntry(
        "crmpulse_stage_exits{outcome=\"advanced\",rep=\"rep-01\",stage=\"proposal\",team=\"unknown\"}", 1.0);
    assertThat(s).containsEntry(
        "crmpulse_stage_exits{outcome=\"back\",rep=\"rep-01\",stage=\"negotiation\",team=\"unknown\"}", 1.0);
  }

  @Test
  void stageExitsByOutcomeAndDaysWithin() {
    List<String> log = List.of(
        rep("r1", T0.minus(days(40)), "rep-01", "Nordics"),
        deal("d2-1", T0.minus(days(40)), "d2", "rep-01", "proposal", "open"),
        deal("d1-1", T0, "d1", "rep-01", "prospecting", "open"),
        deal("d1-2", T0.plus(days(1)), "d1", "rep-01", "qualification", "open"),
        deal("d1-3", T0.plus(days(4)), "d1", "rep-01", "proposal", "open"),
        deal("d1-4", T0.plus(days(5)).plusMillis(1), "d1", "rep-01", "qualification", "open"),
        deal("d1-5", T0.plus(days(20)), "d1", "rep-01", "custom_stage", "open"),
        // reading: an exit to won/lost has that outcome also from a stage not in deals.stages
        deal("d1-6", T0.plus(days(60)), "d1", "rep-01", "custom_stage", "won"),
        deal("d2-2", T0.plus(days(60)), "d2", "rep-01", "proposal", "lost"),
        // a delete between two runs is no exit
        deal("d3-1", T0, "d3", "rep-01", "proposal", "open"),
        deleted("d3-2", T0.plus(days(1)), "opportunity", "d3"),
        deal("d3-3", T0.plus(days(2)), "d3", "rep-01", "negotiation", "open"));
    Map<String, Double> expected = new TreeMap<>();
    for (String[] e : new String[][] {{"advanced", "prospecting"}, {"advanced", "qualification"},
        {"back", "proposal"}, {"other", "qualification"}, {"won", "custom_stage"},
        {"lost", "proposal"}}) {
      expected.put("crmpulse_stage_exits{outcome=\"" + e[0] + "\"," + NORDICS.replace(
          ",team", ",stage=\"" + e[1] + "\",team") + "}", 1.0);
    }
    // days in stage: prospecting 1; qualification 3 and 15 - 1 ms; proposal 1 + 1 ms and 100;
    // custom_stage 40
    double[][] buckets = {
        {1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
        {0, 1, 1, 1, 2, 2, 2, 2, 2, 2},
        {0, 1, 1, 1, 1, 1, 1, 1, 1, 2},
        {0, 0, 0, 0, 0, 0, 1, 1, 1, 1}};
    String[] stages = {"prospecting", "qualification", "proposal", "custom_stage"};
    for (int s = 0; s < stages.length; s++) {
      for (int b = 0; b < ReferenceDeals.LE.length; b++) {
        if (buckets[s][b] != 0) {
          expected.put(within(stages[s], ReferenceDeals.LE[b]), buckets[s][b]);
        }
      }
    }
    Map<String, Double> at60 = series(log, T0.plus(days(60)), Map.of());
    assertThat(onlyExits(at60)).isEqualTo(expected);
    assertThat(at60).containsEntry("crmpulse_win_rate_ratio{" + NORDICS + ",window=\"90d\"}", 0.5)
        .containsEntry("crmpulse_deals_lost{reason=\"unknown\"," + NORDICS + ",window=\"30d\"}", 1.0);

    // 90 days after the first exit it falls out of the window: x in (t - 90d, t].
    Map<String, Double> at91 = onlyExits(series(log, T0.plus(days(91)), Map.of()));
    assertThat(at91).doesNotContainKey("crmpulse_stage_exits{outcome=\"advanced\",rep=\"rep-01\","
        + "stage=\"prospecting\",team=\"Nordics\"}")
        .doesNotContainKey(within("prospecting", "+Inf"))
        .containsEntry(within("qualification", "+Inf"), 2.0);
  }

  @Test
  void amountsByCurrencyStageProbabilityAndForecastCategory() {
    List<String> log = List.of(
        deal("e1", T0, "d1", "rep-01", "proposal", "open", "amount", null),
        deal("e2", T0, "d2", "rep-01", "legal_review", "open", "amount", 200, "currency", null,
            "forecast_category", "upside"),
        deal("e3", T0, "d3", "rep-01", "negotiation", "open", "amount", "100.5", "currency", "USD",
            "forecast_category", "best_case"),
        deal("e4", T0, "d4", "rep-01", "negotiation", "open", "amount", 99.5, "currency", "USD",
            "forecast_category", "best_case"));
    String rep = "rep=\"rep-01\",";
    String team = "team=\"unknown\"";
    assertThat(series(log, T0.plus(days(1)), Map.of())).isEqualTo(Map.of(
        "crmpulse_open_deals{" + rep + "stage=\"proposal\"," + team + "}", 1.0,
        "crmpulse_open_deals{" + rep + "stage=\"legal_review\"," + team + "}", 1.0,
        "crmpulse_open_deals{" + rep + "stage=\"negotiation\"," + team + "}", 2.0,
        "crmpulse_pipeline_amount{currency=\"unknown\"," + rep + "stage=\"legal_review\"," + team + "}", 200.0,
        "crmpulse_pipeline_amount{currency=\"USD\"," + rep + "stage=\"negotiation\"," + team + "}", 200.0,
        "crmpulse_weighted_pipeline_amount{currency=\"USD\"," + rep + "stage=\"negotiation\"," + team + "}", 160.0,
        "crmpulse_forecast_amount{currency=\"unknown\",forecast_category=\"other\"," + rep + team + "}", 200.0,
        "crmpulse_forecast_amount{currency=\"USD\",forecast_category=\"best_case\"," + rep + team + "}", 200.0));
    // Another stage list: negotiation is no longer in it (probability 0), legal_review is.
    Map<String, Double> other = series(log, T0.plus(days(1)),
        Map.of("deals.stages", "proposal:0.25,legal_review:0.9"));
    assertThat(other.keySet().stream().filter(k -> k.startsWith("crmpulse_weighted")))
        .containsExactly("crmpulse_weighted_pipeline_amount{currency=\"unknown\"," + rep
            + "stage=\"legal_review\"," + team + "}");
    assertThat(other).containsEntry("crmpulse_weighted_pipeline_amount{currency=\"unknown\","
        + rep + "stage=\"legal_review\"," + team + "}", 180.0);
  }

  // ------------------------------------------------------------------------------ closing

  @Test
  void wonResolvesAsClosedAndTheWonWindowsExpire() {
    List<String> log = List.of(
        rep("r1", T0, "rep-01", "Nordics"),
        deal("e1", T0, "d1", "rep-01", "proposal", "open"),
        deal("e2", T0.plus(days(15)), "d1", "rep-01", "proposal", "won"),
        // an edit of the won deal: closed at stays the first won version's instant
        deal("e3", T0.plus(days(20)), "d1", "rep-01", "proposal", "won", "amount", 1200));
    assertThat(alerts(log, T0.plus(days(100)), Map.of())).containsExactly(
        "d1/neglected/2026-03-02T09:00:00Z#1 raised at=2026-03-16T09:00:00.001Z age=1209600",
        "d1/neglected/2026-03-02T09:00:00Z#2 resolved at=2026-03-17T09:00:00Z age=1296000 reason=closed");

    Map<String, Double> at15 = series(log, T0.plus(days(15)), Map.of());
    Map<String, Double> expected15 = new TreeMap<>();
    for (String w : List.of("30d", "90d")) {
      expected15.put("crmpulse_deals_won{" + NORDICS + ",window=\"" + w + "\"}", 1.0);
      expected15.put("crmpulse_won_amount{currency=\"EUR\"," + NORDICS + ",window=\"" + w + "\"}", 1000.0);
      expected15.put("crmpulse_win_rate_ratio{" + NORDICS + ",window=\"" + w + "\"}", 1.0);
    }
    expected15.put("crmpulse_stage_exits{outcome=\"won\",rep=\"rep-01\",stage=\"proposal\",team=\"Nordics\"}", 1.0);
    for (String le : List.of("21", "30", "45", "60", "90", "+Inf")) {
      expected15.put(within("proposal", le), 1.0);
    }
    assertThat(at15).isEqualTo(expected15);

    Instant lastIn30 = T0.plus(days(45)).minusMillis(1);
    assertThat(series(log, lastIn30, Map.of()))
        .containsEntry("crmpulse_deals_won{" + NORDICS + ",window=\"30d\"}", 1.0)
        .containsEntry("crmpulse_won_amount{currency=\"EUR\"," + NORDICS + ",window=\"30d\"}", 1200.0);
    assertThat(series(log, T0.plus(days(45)), Map.of()))
        .doesNotContainKey("crmpulse_deals_won{" + NORDICS + ",window=\"30d\"}")
        .doesNotContainKey("crmpulse_win_rate_ratio{" + NORDICS + ",window=\"30d\"}")
        .containsEntry("crmpulse_deals_won{" + NORDICS + ",window=\"90d\"}", 1.0)
        .containsEntry("crmpulse_win_rate_ratio{" + NORDICS + ",window=\"90d\"}", 1.0);
    assertThat(series(log, T0.plus(days(105)).minusMillis(1), Map.of()))
        .containsEntry("crmpulse_deals_won{" + NORDICS + ",window=\"90d\"}", 1.0);
    assertThat(series(log, T0.plus(days(105)), Map.of())).isEmpty();
  }

  @Test
  void aReopenedDealStartsANewStageRunAndClosesAgainLater() {
    Map<String, String> config = Map.of("deals.neglect-after", "365 d");
    List<String> log = List.of(
        deal("e1", T0, "d1", "rep-01", "proposal", "open"),
        deal("e2", T0.plus(days(10)), "d1", "rep-01", "proposal", "lost", "lost_reason", "Price"),
        deal("e3", T0.plus(days(12)), "d1", "rep-01", "proposal", "open"),
        deal("e4", T0.plus(days(50)), "d1", "rep-01", "proposal", "lost", "lost_reason", "timing"));
    // entered again on day 12: stalled from day 42 on; lost again on day 50
    assertThat(alerts(log, T0.plus(days(60)), config)).containsExactly(
        "d1/stalled/2026-03-14T09:00:00Z#1 raised at=2026-04-13T09:00:00.001Z age=2592000",
        "d1/stalled/2026-03-14T09:00:00Z#2 reminded at=2026-04-20T09:00:00.001Z age=3196800",
        "d1/stalled/2026-03-14T09:00:00Z#3 resolved at=2026-04-21T09:00:00Z age=3283200 reason=closed");
    Map<String, Double> at60 = series(log, T0.plus(days(60)), config);
    assertThat(at60)
        .containsEntry("crmpulse_deals_lost{reason=\"timing\",rep=\"rep-01\",team=\"unknown\",window=\"30d\"}", 1.0)
        .containsEntry("crmpulse_win_rate_ratio{rep=\"rep-01\",team=\"unknown\",window=\"30d\"}", 0.0)
        .containsEntry("crmpulse_stage_exits{outcome=\"lost\",rep=\"rep-01\",stage=\"proposal\",team=\"unknown\"}", 2.0);
  }

  @Test
  void lostReasonsAreNormalised() {
    List<String> log = new ArrayList<>();
    log.add(rep("r1", T0, "rep-01", "Nordics"));
    String[] reasons = {"Price", "No Budget!", "  --Competitor-- ", "timing/seasonal", null, "   ",
        "NO-DECISION", "no__decision"};
    for (int i = 0; i < reasons.length; i++) {
      log.add(deal("o" + i, T0, "d" + i, "rep-01", "proposal", "open"));
    }
    log.add(deal("w-o", T0, "dw", "rep-01", "proposal", "open"));
    for (int i = 0; i < reasons.length; i++) {
      log.add(reasons[i] == null ? deal("l" + i, T0.plus(days(1)), "d" + i, "rep-01", "proposal", "lost")
          : deal("l" + i, T0.plus(days(1)), "d" + i, "rep-01", "proposal", "lost", "lost_reason", reasons[i]));
    }
    log.add(deal("w-w", T0.plus(days(1)), "dw", "rep-01", "proposal", "won"));
    Map<String, Double> lost = new TreeMap<>();
    series(log, T0.plus(days(2)), Map.of()).forEach((k, v) -> {
      if (k.startsWith("crmpulse_deals_lost") && k.contains("30d")) {
        lost.put(k.substring(k.indexOf("reason=\"") + 8, k.indexOf("\",rep")), v);
      }
    });
    assertThat(lost).isEqualTo(Map.of("price", 1.0, "no_budget", 1.0, "competitor", 1.0,
        "other", 1.0, "unknown", 2.0, "no_decision", 2.0));
    Map<String, Double> s = series(log, T0.plus(days(2)), Map.of());
    assertThat(s).containsEntry("crmpulse_win_rate_ratio{" + NORDICS + ",window=\"30d\"}", 1.0 / 9)
        .containsEntry("crmpulse_stage_exits{outcome=\"lost\",rep=\"rep-01\",stage=\"proposal\",team=\"Nordics\"}", 8.0)
        // one day exactly is within le="1"
        .containsEntry(within("proposal", "1"), 9.0);

    assertThat(series(log, T0.plus(days(2)), Map.of("deals.lost-reasons", "timing_seasonal")))
        .containsEntry("crmpulse_deals_lost{reason=\"timing_seasonal\"," + NORDICS + ",window=\"90d\"}", 1.0)
        .containsEntry("crmpulse_deals_lost{reason=\"other\"," + NORDICS + ",window=\"90d\"}", 5.0);
  }

  // ------------------------------------------------------------------------------ owners

  @Test
  void anOwnerChangeMovesTheSeriesAndTheAlertsToTheNewRep() {
    List<String> log = List.of(
        rep("r1", T0, "rep-01", "Nordics"),
        rep("r2", T0, "rep-02", "Benelux"),
        deal("e1", T0, "d1", "rep-01", "proposal", "open", "forecast_category", "commit"),
        deal("e2", T0.plus(days(1)), "d1", "rep-02", "proposal", "open", "forecast_category", "commit"),
        rep("r2b", T0.plus(days(5)), "rep-02", "DACH"));
    assertThat(series(log, T0.plus(days(1)).minusMillis(1), Map.of()))
        .containsEntry("crmpulse_open_deals{rep=\"rep-01\",stage=\"proposal\",team=\"Nordics\"}", 1.0)
        .containsEntry("crmpulse_forecast_amount{currency=\"EUR\",forecast_category=\"commit\","
            + "rep=\"rep-01\",team=\"Nordics\"}", 1000.0)
        .hasSize(4);
    assertThat(series(log, T0.plus(days(1)), Map.of())).isEqualTo(Map.of(
        "crmpulse_open_deals{rep=\"rep-02\",stage=\"proposal\",team=\"Benelux\"}", 1.0,
        "crmpulse_pipeline_amount{currency=\"EUR\",rep=\"rep-02\",stage=\"proposal\",team=\"Benelux\"}", 1000.0,
        "crmpulse_weighted_pipeline_amount{currency=\"EUR\",rep=\"rep-02\",stage=\"proposal\",team=\"Benelux\"}", 500.0,
        "crmpulse_forecast_amount{currency=\"EUR\",forecast_category=\"commit\",rep=\"rep-02\",team=\"Benelux\"}", 1000.0));
    // The owner change neither touches the deal nor moves it; the team is the one at `at`.
    List<ObjectNode> alerts = ReferenceDeals.alerts(log, T0.plus(days(15)), LATENESS, MAX_FUTURE, Map.of());
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).get("owner_id").asText()).isEqualTo("rep-02");
    assertThat(alerts.get(0).get("team").asText()).isEqualTo("DACH");
    assertThat(alerts.get(0).get("since").asText()).isEqualTo("2026-03-02T09:00:00Z");
  }

  // ------------------------------------------------------------------------------ deletion

  @Test
  void aDeletedDealHasNoSeriesAndItsAlertsResolveAsDeleted() {
    List<String> log = List.of(
        deal("e1", T0, "d1", "rep-01", "proposal", "open", "amount", "250.5", "currency", "SEK"),
        deleted("e2", T0.plus(days(15)), "opportunity", "d1"),
        deal("f1", T0, "d2", "rep-01", "proposal", "open"),
        deal("f2", T0.plus(days(1)), "d2", "rep-01", "negotiation", "won"),
        deleted("f3", T0.plus(days(2)), "opportunity", "d2"));
    assertThat(series(log, T0.plus(days(16)), Map.of())).isEmpty();
    List<ObjectNode> alerts = ReferenceDeals.alerts(log, T0.plus(days(16)), LATENESS, MAX_FUTURE, Map.of());
    assertThat(alerts.stream().map(ReferenceDealsTest::summary)).containsExactly(
        "d1/neglected/2026-03-02T09:00:00Z#1 raised at=2026-03-16T09:00:00.001Z age=1209600",
        "d1/neglected/2026-03-02T09:00:00Z#2 resolved at=2026-03-17T09:00:00Z age=1296000 reason=deleted");
    // reading: a deleted deal's record shows its last version that is not a delete
    assertThat(alerts.get(1).toString()).contains("\"owner_id\":\"rep-01\"", "\"stage\":\"proposal\"",
        "\"amount\":250.5", "\"currency\":\"SEK\"", "\"team\":\"unknown\"");
  }

  // ------------------------------------------------------------------------------ business days

  // ------------------------------------------------------------------------------ busy but not moving

  private static final String BUSY_PROPOSAL =
      "crmpulse_busy_deals{rep=\"rep-01\",stage=\"proposal\",team=\"Nordics\"}";

  /** d1 in proposal from T0 with a completed call on each of days 1 to 5. */
  private static List<String> fiveCalls() {
    List<String> log = new ArrayList<>(List.of(
        rep("r1", T0, "rep-01", "Nordics"),
        deal("e1", T0, "d1", "rep-01", "proposal", "open")));
    for (int i = 1; i <= 5; i++) {
      log.add(activity("a" + i, T0.plus(days(i)), "a" + i, "rep-01", "d1", T0.plus(days(i)),
          "completed"));
    }
    return log;
  }

  @Test
  void aDealIsBusyWithFiveTouchesInFourteenDaysInAStageEnteredBeforeThem() {
    List<String> log = fiveCalls();
    // Five touches from day 5 on, but the stage is not 14 days old until day 14.
    assertThat(series(log, T0.plus(days(13)), Map.of())).doesNotContainKey(BUSY_PROPOSAL);
    assertThat(series(log, T0.plus(days(14)).minusMillis(1), Map.of())).doesNotContainKey(BUSY_PROPOSAL);
    assertThat(series(log, T0.plus(days(14)), Map.of())).containsEntry(BUSY_PROPOSAL, 1.0);
    // The window (now - 14 d, now] is open at its start: the day-1 call leaves it at day 15.
    assertThat(series(log, T0.plus(days(15)).minusMillis(1), Map.of())).containsEntry(BUSY_PROPOSAL, 1.0);
    assertThat(series(log, T0.plus(days(15)), Map.of())).doesNotContainKey(BUSY_PROPOSAL);
    // A sixth call on day 14 keeps it busy on day 15: days 2 to 5 and 14.
    log.add(activity("a6", T0.plus(days(14)), "a6", "rep-01", "d1", T0.plus(days(14)), "completed"));
    Map<String, Double> day15 = series(log, T0.plus(days(15)), Map.of());
    assertThat(day15).containsEntry(BUSY_PROPOSAL, 1.0)
        .containsEntry("crmpulse_open_deals{rep=\"rep-01\",stage=\"proposal\",team=\"Nordics\"}", 1.0);
    // A second busy deal of the same owner and stage adds up.
    List<String> two = new ArrayList<>(fiveCalls());
    // (in event-time order: an event more than the lateness behind the newest is not counted)
    two.add(2, deal("e2", T0, "d2", "rep-01", "proposal", "open"));
    for (int i = 1; i <= 5; i++) {
      two.add(activity("b" + i, T0.plus(days(i + 5)), "b" + i, "rep-02", "d2",
          T0.plus(days(i + 5)), "completed"));
    }
    assertThat(series(two, T0.plus(days(14)), Map.of())).containsEntry(BUSY_PROPOSAL, 2.0);
    assertThat(series(two, T0.plus(days(16)), Map.of())).as("d1 has 3 (days 3 to 5), d2 (days 6 to 10) still 5")
        .containsEntry(BUSY_PROPOSAL, 1.0);
  }

  @Test
  void onlyTheCurrentVersionsOfCompletedActivitiesOfTheDealOccurredInTheWindowAreBusyTouches() {
    Instant asOf = T0.plus(days(14));
    List<String> log = new ArrayList<>(fiveCalls());
    assertThat(series(log, asOf, Map.of())).containsEntry(BUSY_PROPOSAL, 1.0);
    // Each of these takes one touch away: four left, not busy.
    List<List<String>> oneLess = List.of(
        List.of(deleted("a3-del", T0.plus(days(6)), "activity", "a3")),
        List.of(activity("a3@2", T0.plus(days(6)), "a3", "rep-01", "d1", T0.plus(days(3)), "cancelled")),
        List.of(activity("a3@2", T0.plus(days(6)), "a3", "rep-01", "d2", T0.plus(days(3)), "completed")),
        // moved back in time out of the window (occurred before now - 14 d)
        List.of(activity("a3@2", T0.plus(days(6)), "a3", "rep-01", "d1", T0.minus(days(1)), "completed")));
    for (List<String> change : oneLess) {
      List<String> changed = new ArrayList<>(log);
      changed.addAll(change);
      assertThat(series(changed, asOf, Map.of())).as("with %s", change).doesNotContainKey(BUSY_PROPOSAL);
    }
    // None of these adds one to four calls (each in event-time order, within the lateness): planned, another deal, no deal, logged after as-of,
    // logged ahead of its occurred_at (still in the future), and a second version of a1.
    List<String> four = new ArrayList<>(log.subList(0, 6));
    four.add(activity("p1", T0.plus(days(7)), "p1", "rep-01", "d1", T0.plus(days(7)), "planned"));
    four.add(activity("o1", T0.plus(days(7)), "o1", "rep-01", "d9", T0.plus(days(7)), "completed"));
    four.add(activity("n1", T0.plus(days(7)), "n1", "rep-01", null, T0.plus(days(7)), "completed"));
    four.add(activity("f1", T0.plus(days(7)), "f1", "rep-01", "d1", asOf.plusMillis(1), "completed"));
    four.add(activity("a1@2", T0.plus(days(8)), "a1", "rep-01", "d1", T0.plus(days(8)), "completed"));
    four.add(activity("l1", asOf.plusMillis(1), "l1", "rep-01", "d1", T0.plus(days(7)), "completed"));
    assertThat(series(four, asOf, Map.of())).doesNotContainKey(BUSY_PROPOSAL);
    // An edit bringing a call into the window from before it adds one: busy.
    List<String> edited = new ArrayList<>(log.subList(0, 6));
    edited.add(3, activity("old", T0.plus(days(1)), "old", "rep-01", "d1", T0.minus(days(3)), "completed"));
    assertThat(series(edited, asOf, Map.of())).doesNotContainKey(BUSY_PROPOSAL);
    edited.add(activity("old@2", T0.plus(days(9)), "old", "rep-01", "d1", T0.plus(days(9)), "completed"));
    assertThat(series(edited, asOf, Map.of())).containsEntry(BUSY_PROPOSAL, 1.0);
  }

  @Test
  void aStageChangeRestartsTheWaitAndAClosedDealIsNeverBusy() {
    List<String> log = new ArrayList<>(fiveCalls());
    log.add(deal("e2", T0.plus(days(10)), "d1", "rep-01", "negotiation", "open"));
    for (int i = 11; i <= 15; i++) {
      log.add(activity("c" + i, T0.plus(days(i)), "c" + i, "rep-01", "d1", T0.plus(days(i)),
          "completed"));
    }
    String negotiation = "crmpulse_busy_deals{rep=\"rep-01\",stage=\"negotiation\",team=\"Nordics\"}";
    // Day 14: ten touches, but negotiation was entered on day 10.
    assertThat(series(log, T0.plus(days(14)), Map.of()))
        .doesNotContainKeys(BUSY_PROPOSAL, negotiation);
    assertThat(series(log, T0.plus(days(24)).minusMillis(1), Map.of())).doesNotContainKey(negotiation);
    // Day 24: the days 11 to 15 calls are in (day 10, day 24]; the day-1 to day-5 ones are not.
    assertThat(series(log, T0.plus(days(24)), Map.of())).containsEntry(negotiation, 1.0);
    assertThat(series(log, T0.plus(days(25)), Map.of())).doesNotContainKey(negotiation);

    // Won on day 20 and reopened on day 21: a new run, not busy before day 35.
    List<String> reopened = new ArrayList<>(log);
    reopened.add(deal("e3", T0.plus(days(20)), "d1", "rep-01", "negotiation", "won"));
    assertThat(series(reopened, T0.plus(days(24)), Map.of())).doesNotContainKey(negotiation);
    reopened.add(deal("e4", T0.plus(days(21)), "d1", "rep-01", "negotiation", "open"));
    assertThat(series(reopened, T0.plus(days(24)), Map.of())).doesNotContainKey(negotiation);
  }

  @Test
  void theBusyWindowIsCalendarTimeAlsoWithBusinessDays() {
    // T0 is a Monday: the window from day 0 to day 14 holds two weekends. Counted in business
    // days, 14 of them would only have passed on day 18.
    Map<String, String> business = Map.of("deals.threshold-days", "business",
        "deals.calendar-zone", "Europe/Stockholm");
    List<String> log = fiveCalls();
    assertThat(series(log, T0.plus(days(14)).minusMillis(1), business)).doesNotContainKey(BUSY_PROPOSAL);
    assertThat(series(log, T0.plus(days(14)), business)).containsEntry(BUSY_PROPOSAL, 1.0);
    assertThat(series(log, T0.plus(days(15)), business)).doesNotContainKey(BUSY_PROPOSAL);
  }

  @Test
  void theBusyWindowIsFourteenTimesTwentyFourHoursAcrossADaylightSavingSwitch() {
    // Stockholm moves its clocks forward on 2026-03-29. Created 2026-03-20 10:00 local (09:00Z):
    // 14 local days later is 2026-04-03 10:00 local = 08:00Z, but the window is 336 hours, as
    // every duration of the config is, so busy from 09:00Z; the owner's zone plays no part.
    Instant created = Instant.parse("2026-03-20T09:00:00Z");
    List<String> log = new ArrayList<>(List.of(
        rep("r1", created, "rep-01", "Nordics"),
        deal("e1", created, "d1", "rep-01", "proposal", "open", "created_at", created)));
    for (int i = 1; i <= 5; i++) {
      log.add(activity("a" + i, created.plus(days(i)), "a" + i, "rep-01", "d1",
          created.plus(days(i)), "completed"));
    }
    Map<String, String> stockholm = Map.of("deals.calendar-zone", "Europe/Stockholm");
    assertThat(series(log, Instant.parse("2026-04-03T08:00:00Z"), stockholm)).doesNotContainKey(BUSY_PROPOSAL);
    assertThat(series(log, Instant.parse("2026-04-03T09:00:00Z").minusMillis(1), stockholm))
        .doesNotContainKey(BUSY_PROPOSAL);
    assertThat(series(log, Instant.parse("2026-04-03T09:00:00Z"), stockholm)).containsEntry(BUSY_PROPOSAL, 1.0);
  }

  @Test
  void theTouchesAndTheWindowAreConfigurable() {
    Map<String, String> config = Map.of("deals.busy-touches", "2", "deals.busy-window", "3 d");
    List<String> log = fiveCalls();
    // Stage entered on day 0: from day 3, with calls on days 1 to 3 in (day 0, day 3].
    assertThat(series(log, T0.plus(days(3)).minusMillis(1), config)).doesNotContainKey(BUSY_PROPOSAL);
    assertThat(series(log, T0.plus(days(3)), config)).containsEntry(BUSY_PROPOSAL, 1.0);
    // Day 7: only the day-5 call is in (day 4, day 7]: one touch.
    assertThat(series(log, T0.plus(days(7)), config)).doesNotContainKey(BUSY_PROPOSAL);
    assertThat(series(log, T0.plus(days(7)), Map.of("deals.busy-touches", "1", "deals.busy-window", "3 d")))
        .containsEntry(BUSY_PROPOSAL, 1.0);
  }

  @Test
  void businessDaysSkipTheWeekend() {
    Map<String, String> config = Map.of("deals.threshold-days", "business", "deals.neglect-after", "2 d");
    // Thursday 12:00: 12 h Thursday + 24 h Friday, weekend skipped, 12 h + 1 ms on Monday
    Instant thursday = Instant.parse("2026-03-05T12:00:00Z");
    List<String> log = List.of(
        deal("e1", thursday, "d1", "rep-01", "proposal", "open", "created_at", thursday));
    Instant due = Instant.parse("2026-03-09T12:00:00.001Z");
    assertThat(alerts(log, due.minusMillis(1), config)).isEmpty();
    assertThat(series(log, due.minusMillis(1), config))
        .doesNotContainKey("crmpulse_neglected_deals{rep=\"rep-01\",team=\"unknown\"}");
    assertThat(alerts(log, due, config)).containsExactly(
        "d1/neglected/2026-03-05T12:00:00Z#1 raised at=2026-03-09T12:00:00.001Z age=345600");
    assertThat(series(log, due, config))
        .containsEntry("crmpulse_neglected_deals{rep=\"rep-01\",team=\"unknown\"}", 1.0);
  }

  @Test
  void businessDaysSkipAHoliday() {
    Map<String, String> config = Map.of("deals.threshold-days", "business",
        "deals.neglect-after", "2 d", "deals.holidays", "2026-03-04");
    // Tuesday 12:00: 12 h Tuesday, Wednesday a holiday, 24 h Thursday, 12 h + 1 ms Friday
    Instant tuesday = Instant.parse("2026-03-03T12:00:00Z");
    List<String> log = List.of(
        deal("e1", tuesday, "d1", "rep-01", "proposal", "open", "created_at", tuesday));
    assertThat(alerts(log, Instant.parse("2026-03-08T00:00:00Z"), config)).containsExactly(
        "d1/neglected/2026-03-03T12:00:00Z#1 raised at=2026-03-06T12:00:00.001Z age=259200");
  }

  @Test
  void businessDaysAreTheCalendarZonesLocalDates() {
    // Friday 23:30Z is already Saturday in Stockholm (UTC+1 in March).
    Instant friday = Instant.parse("2026-03-06T23:30:00Z");
    List<String> log = List.of(
        deal("e1", friday, "d1", "rep-01", "proposal", "open", "created_at", friday));
    Instant asOf = Instant.parse("2026-03-12T00:00:00Z");
    // UTC: 30 min Friday, 24 h Monday, 23 h 30 min + 1 ms Tuesday
    assertThat(alerts(log, asOf, Map.of("deals.threshold-days", "business",
        "deals.neglect-after", "2 d"))).containsExactly(
        "d1/neglected/2026-03-06T23:30:00Z#1 raised at=2026-03-10T23:30:00.001Z age=345600");
    // Stockholm: Monday and Tuesday local, the first ms of Wednesday local
    assertThat(alerts(log, asOf, Map.of("deals.threshold-days", "business",
        "deals.neglect-after", "2 d", "deals.calendar-zone", "Europe/Stockholm"))).containsExactly(
        "d1/neglected/2026-03-06T23:30:00Z#1 raised at=2026-03-10T23:00:00.001Z age=343800");
  }

  @Test
  void theRaisedInstantIsTheFirstMillisecondTheSeriesCountsTheDealNeglected() {
    // Business days in Stockholm around its switch to summer time (29 March 2026), a holiday.
    Map<String, String> config = Map.of("deals.threshold-days", "business",
        "deals.neglect-after", "2 d", "deals.stall-after", "365 d",
        "deals.calendar-zone", "Europe/Stockholm", "deals.holidays", "2026-03-31,2026-04-03");
    java.util.Random random = new java.util.Random(5);
    for (int i = 0; i < 25; i++) {
      Instant created = Instant.parse("2026-03-25T00:00:00Z")
          .plusMillis((long) (random.nextDouble() * 10 * 86_400_000L));
      List<String> log = List.of(
          deal("e1", created, "d1", "rep-01", "proposal", "open", "created_at", created));
      List<ObjectNode> raised = ReferenceDeals.alerts(log, created.plus(days(10)), LATENESS,
          MAX_FUTURE, config);
      assertThat(raised).as("created %s", created).isNotEmpty();
      Instant at = Instant.parse(raised.get(0).get("at").asText());
      String neglected = "crmpulse_neglected_deals{rep=\"rep-01\",team=\"unknown\"}";
      assertThat(series(log, at.minusMillis(1), config)).as("created %s", created)
          .doesNotContainKey(neglected);
      assertThat(series(log, at, config)).as("created %s", created).containsKey(neglected);
      // at least two days and at most two days plus a weekend, two holidays and an hour of DST
      assertThat(Duration.between(created, at)).isBetween(days(2), days(6).plusHours(1));
    }
  }

  // ------------------------------------------------------------------------------ the log

  @Test
  void lateAndImpossibleEventsAreFilteredAsForTheActivitySeries() {
    Map<String, String> config = Map.of("deals.neglect-after", "365 d", "deals.stall-after", "365 d");
    List<String> log = List.of(
        deal("e1", T0, "d1", "rep-01", "proposal", "open"),
        deal("e2", T0.plus(hours(3)), "d2", "rep-01", "proposal", "open"),
        // more than the hour behind the newest before it in the file (e2): dropped
        deal("e3", T0.plus(hours(1)).minusMillis(1), "d1", "rep-01", "negotiation", "open"),
        // an impossible clock: more than a day ahead of every other event
        deal("e4", T0.plus(days(30)), "d1", "rep-01", "prospecting", "open"),
        "not json",
        // after as-of: not seen
        deal("e5", T0.plus(days(41)), "d1", "rep-01", "qualification", "open"));
    assertThat(ReferenceDeals.series(log, T0.plus(days(40)), LATENESS, Duration.ofDays(1), config))
        .isEqualTo(Map.of(
            "crmpulse_open_deals{rep=\"rep-01\",stage=\"proposal\",team=\"unknown\"}", 2.0,
            "crmpulse_pipeline_amount{currency=\"EUR\",rep=\"rep-01\",stage=\"proposal\",team=\"unknown\"}", 2000.0,
            "crmpulse_weighted_pipeline_amount{currency=\"EUR\",rep=\"rep-01\",stage=\"proposal\",team=\"unknown\"}", 1000.0,
            "crmpulse_forecast_amount{currency=\"EUR\",forecast_category=\"pipeline\",rep=\"rep-01\",team=\"unknown\"}", 2000.0));
  }

  @Test
  void anEventDeliveredTwiceCountsOnce() {
    List<String> log = List.of(
        rep("r1", T0, "rep-01", "Nordics"),
        deal("e1", T0, "d1", "rep-01", "qualification", "open"),
        activity("a1", T0.plus(days(3)), "a1", "rep-01", "d1", T0.plus(days(3)), "completed"),
        snooze("s1", T0.plus(days(16)), "s1", "d1", null, T0.plus(days(18)), "x"),
        deal("e2", T0.plus(days(40)), "d1", "rep-01", "proposal", "open"),
        deal("e3", T0.plus(days(41)), "d1", "rep-01", "proposal", "won"));
    List<String> twice = new ArrayList<>();
    log.forEach(line -> {
      twice.add(line);
      twice.add(line);
    });
    Instant asOf = T0.plus(days(50));
    assertThat(alerts(log, asOf, Map.of())).hasSize(9);
    assertThat(alerts(twice, asOf, Map.of())).isEqualTo(alerts(log, asOf, Map.of()));
    assertThat(series(twice, asOf, Map.of())).isEqualTo(series(log, asOf, Map.of())).isNotEmpty();
  }

  @Test
  void aGeneratedLogIsQuickAndSeriesAgreeWithAlerts() {
    List<String> lines = DealEvents.generate(11, T0, 200);
    assertThat(lines.size()).isBetween(3000, 8000);
    Instant last = ReferenceMetrics.accepted(lines, Instant.MAX, LATENESS, Duration.ofDays(1))
        .stream().map(e -> e.getEventTime()).max(Instant::compareTo).orElseThrow();
    for (Instant asOf : List.of(T0.plus(days(30)), last.plus(days(10)))) {
      checkConsistency(lines, asOf);
    }
  }

  @Test
  void arrivalOrderWithinTheLatenessDoesNotMatter() {
    List<String> lines = DealEvents.generate(12, T0, 60);
    Map<String, Instant> times = new java.util.HashMap<>();
    lines.forEach(line -> times.put(line, eventTime(line)));
    List<String> sorted = new ArrayList<>(lines);
    sorted.sort(java.util.Comparator.comparing(times::get));
    assertThat(sorted).isNotEqualTo(lines);
    Instant asOf = T0.plus(days(45));
    assertThat(ReferenceDeals.alerts(sorted, asOf, LATENESS, Duration.ofDays(1), Map.of()))
        .isEqualTo(ReferenceDeals.alerts(lines, asOf, LATENESS, Duration.ofDays(1), Map.of()))
        .isNotEmpty();
    assertThat(ReferenceDeals.series(sorted, asOf, LATENESS, Duration.ofDays(1), Map.of()))
        .isEqualTo(ReferenceDeals.series(lines, asOf, LATENESS, Duration.ofDays(1), Map.of()))
        .isNotEmpty();
  }

  private static Instant eventTime(String line) {
    try {
      return io.crmpulse.contract.EventJson.parse(line).getEventTime();
    } catch (io.crmpulse.contract.InvalidEventException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void checkConsistency(List<String> lines, Instant asOf) {
    long start = System.nanoTime();
    Map<String, Double> series = ReferenceDeals.series(lines, asOf, LATENESS, Duration.ofDays(1), Map.of());
    List<ObjectNode> alerts = ReferenceDeals.alerts(lines, asOf, LATENESS, Duration.ofDays(1), Map.of());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    assertThat(alerts).isNotEmpty();
    assertThat(alerts.stream().map(a -> a.get("state").asText()).distinct())
        .contains("raised", "reminded", "snoozed", "resolved");

    // Per episode: numbered 1, 2, 3... in order; opened by raised/snoozed; nothing after resolved.
    Map<String, List<ObjectNode>> episodes = new TreeMap<>();
    alerts.forEach(a -> episodes.computeIfAbsent(a.get("alert_id").asText(), k -> new ArrayList<>()).add(a));
    Map<String, Integer> openNow = new TreeMap<>();
    episodes.forEach((id, transitions) -> {
      for (int i = 0; i < transitions.size(); i++) {
        ObjectNode a = transitions.get(i);
        assertThat(a.get("event_id").asText()).isEqualTo(id + "#" + (i + 1));
        String state = a.get("state").asText();
        boolean begins = i == 0 || transitions.get(i - 1).get("state").asText().equals("resolved");
        assertThat(state).isIn(begins ? List.of("raised", "snoozed")
            : List.of("reminded", "snoozed", "raised", "resolved"));
      }
      if (!transitions.get(transitions.size() - 1).get("state").asText().equals("resolved")) {
        openNow.merge(transitions.get(0).get("kind").asText(), 1, Integer::sum);
      }
    });
    // An episode that is not resolved at as-of is a deal the series counts, and vice versa.
    assertThat(sum(series, "crmpulse_neglected_deals{")).isEqualTo((long) openNow.getOrDefault("neglected", 0));
    assertThat(sum(series, "crmpulse_stalled_deals{")).isEqualTo((long) openNow.getOrDefault("stalled", 0));
    assertThat(sum(series, "crmpulse_open_deals{")).isPositive();
    // Every exit falls in the +Inf bucket; buckets grow with le.
    assertThat(sum(series, "crmpulse_stage_exits_within{max_days=\"+Inf\""))
        .isEqualTo(sum(series, "crmpulse_stage_exits{"));
    for (int b = 1; b < ReferenceDeals.LE.length; b++) {
      assertThat(sum(series, "crmpulse_stage_exits_within{max_days=\"" + ReferenceDeals.LE[b] + "\""))
          .isGreaterThanOrEqualTo(sum(series, "crmpulse_stage_exits_within{max_days=\""
              + ReferenceDeals.LE[b - 1] + "\""));
    }
  }

  @Test
  void theActivitySeriesAreUnchangedByTheSharedFiltering() {
    assertThat(ReferenceMetrics.compute(KnownEvents.lines(), KnownEvents.AS_OF, LATENESS,
        Duration.ofDays(1), ZoneOffset.UTC)).isEqualTo(KnownEvents.EXPECTED);
  }

  @Test
  void durationsAreANumberAndAUnit() {
    assertThat(ReferenceDeals.duration("14 d")).isEqualTo(Duration.ofDays(14));
    assertThat(ReferenceDeals.duration("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(ReferenceDeals.duration("5 min")).isEqualTo(Duration.ofMinutes(5));
    assertThat(ReferenceDeals.duration("1 h")).isEqualTo(Duration.ofHours(1));
    assertThat(ReferenceDeals.duration("250 ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(ReferenceDeals.duration("1.5 d")).isEqualTo(Duration.ofHours(36));
    assertThatThrownBy(() -> ReferenceDeals.duration("14 days"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ------------------------------------------------------------------------------ fixtures

  private static Map<String, Double> series(List<String> lines, Instant asOf, Map<String, String> config) {
    return ReferenceDeals.series(lines, asOf, LATENESS, MAX_FUTURE, config);
  }

  private static List<String> alerts(List<String> lines, Instant asOf, Map<String, String> config) {
    return ReferenceDeals.alerts(lines, asOf, LATENESS, MAX_FUTURE, config).stream()
        .map(ReferenceDealsTest::summary).toList();
  }

  /** "event_id state at=.. age=.. [reason=..] [until=..]". */
  private static String summary(ObjectNode n) {
    return n.get("event_id").asText() + " " + n.get("state").asText() + " at=" + n.get("at").asText()
        + " age=" + n.get("age_seconds").asLong()
        + (n.has("reason") ? " reason=" + n.get("reason").asText() : "")
        + (n.has("snoozed_until") ? " until=" + n.get("snoozed_until").asText() : "");
  }

  private static long sum(Map<String, Double> series, String prefix) {
    return Math.round(series.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
        .mapToDouble(Map.Entry::getValue).sum());
  }

  private static Map<String, Double> onlyExits(Map<String, Double> series) {
    Map<String, Double> exits = new TreeMap<>();
    series.forEach((k, v) -> {
      if (k.startsWith("crmpulse_stage_exit")) {
        exits.put(k, v);
      }
    });
    return exits;
  }

  private static String within(String stage, String le) {
    return "crmpulse_stage_exits_within{max_days=\"" + le + "\",rep=\"rep-01\",stage=\"" + stage
        + "\",team=\"Nordics\"}";
  }

  private static Duration days(long n) {
    return Duration.ofDays(n);
  }

  private static Duration hours(long n) {
    return Duration.ofHours(n);
  }

  /** An opportunity version: 1000 EUR, created at T0, unless {@code more} says otherwise. */
  private static String deal(String eventId, Instant at, String id, String owner, String stage,
      String status, Object... more) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", id);
    r.put("owner_id", owner);
    r.put("account_id", "acc-" + id);
    r.put("stage", stage);
    r.put("amount", 1000);
    r.put("currency", "EUR");
    r.put("status", status);
    r.put("created_at", T0.toString());
    for (int i = 0; i < more.length; i += 2) {
      r.put((String) more[i], more[i + 1] instanceof Instant t ? t.toString() : more[i + 1]);
    }
    return event(eventId, at, "opportunity", "updated", r);
  }

  private static String activity(String eventId, Instant at, String id, String rep, String deal,
      Instant occurredAt, String status) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", id);
    r.put("rep_id", rep);
    r.put("type", "call");
    r.put("direction", "outbound");
    r.put("outcome", "connected");
    r.put("status", status);
    r.put("occurred_at", occurredAt.toString());
    if (deal != null) {
      r.put("opportunity_id", deal);
    }
    return event(eventId, at, "activity", "updated", r);
  }

  private static String snooze(String eventId, Instant at, String id, String deal, String kind,
      Instant until, String reason) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", id);
    r.put("opportunity_id", deal);
    if (kind != null) {
      r.put("kind", kind);
    }
    r.put("until", until.toString());
    r.put("reason", reason);
    r.put("by", "mgr-1");
    return event(eventId, at, "snooze", "created", r);
  }

  private static String rep(String eventId, Instant at, String id, String team) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", id);
    r.put("name", id);
    r.put("team", team);
    r.put("time_zone", "Europe/Stockholm");
    return event(eventId, at, "rep", "updated", r);
  }

  private static String deleted(String eventId, Instant at, String entity, String id,
      String... more) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", id);
    for (int i = 0; i < more.length; i += 2) {
      r.put(more[i], more[i + 1]);
    }
    return event(eventId, at, entity, "deleted", r);
  }

  private static String event(String eventId, Instant at, String entity, String change,
      Map<String, Object> record) {
    return DealEvents.event(eventId, at, entity, change, record);
  }
}
