package io.crmpulse.jobs.activity;

import static io.crmpulse.contract.TestEvents.T0;
import static io.crmpulse.contract.TestEvents.rep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.crmpulse.contract.Metric;
import io.crmpulse.events.ChangeType;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.Rep;
import io.crmpulse.jobs.metrics.SeriesUpdate;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RepActivityAggregatorTest {
  private static final int CALL = ActivityKinds.OUTBOUND_CALL;
  private static final int CONNECTED_CALL =
      ActivityKinds.OUTBOUND_CALL | ActivityKinds.OUTBOUND_CALL_CONNECTED | ActivityKinds.CONVERSATION;
  private static final long FLUSH_MS = 500;
  /** The contract's day series: what {@link #published} holds. */
  private static final List<String> TODAY_SERIES = List.of(Metric.CALLS_TODAY.seriesName() + "{",
      Metric.CONVERSATIONS_TODAY.seriesName() + "{", Metric.CONTACT_RATIO_TODAY.seriesName() + "{");

  private KeyedTwoInputStreamOperatorTestHarness<String, ActivityContribution, CrmEvent, SeriesUpdate> harness;
  private final Map<String, Double> published = new TreeMap<>();
  private final Map<String, Double> targets = new TreeMap<>();

  @BeforeEach
  void setUp() throws Exception {
    harness = harness(PacingSettings.defaults());
  }

  private static KeyedTwoInputStreamOperatorTestHarness<String, ActivityContribution, CrmEvent,
      SeriesUpdate> harness(PacingSettings pacing) throws Exception {
    var harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
        new RepActivityAggregator(Duration.ofHours(1), Duration.ofMillis(FLUSH_MS), ZoneOffset.UTC,
            pacing, null),
        (ActivityContribution c) -> c.repId, (CrmEvent e) -> e.getRep().getId(), Types.STRING);
    harness.setProcessingTime(0);
    return harness;
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  @Test
  void countsByTheRepsLocalDayAndCoalescesUntilTheFlush() throws Exception {
    harness.processElement2(rep("r1", "north", "Asia/Taipei", T0), T0.toEpochMilli());
    // 23:30 in Taipei on the 10th, and 00:30 on the 11th: two local days.
    add("r1", "a1", Instant.parse("2026-03-10T15:30:00Z"), CONNECTED_CALL);
    add("r1", "a2", Instant.parse("2026-03-10T16:30:00Z"), CALL);
    add("r1", "a3", Instant.parse("2026-03-10T16:40:00Z"), CONNECTED_CALL);
    assertThat(harness.extractOutputValues()).isEmpty();

    flushByProcessingTime();
    assertThat(published).containsExactlyInAnyOrderEntriesOf(Map.of(
        key("crmpulse_calls_today", "2026-03-09T16:00:00Z"), 1.0,
        key("crmpulse_conversations_today", "2026-03-09T16:00:00Z"), 1.0,
        key("crmpulse_contact_ratio_today", "2026-03-09T16:00:00Z"), 1.0,
        key("crmpulse_calls_today", "2026-03-10T16:00:00Z"), 2.0,
        key("crmpulse_conversations_today", "2026-03-10T16:00:00Z"), 1.0,
        key("crmpulse_contact_ratio_today", "2026-03-10T16:00:00Z"), 0.5));
    SeriesUpdate any = harness.extractOutputValues().get(0);
    assertThat(any.snapshot.getPeriodEnd()).isAfter(any.snapshot.getPeriodStart());
  }

  @Test
  void aThousandCallsInASecondAreWrittenOnceOrTwicePerSeries() throws Exception {
    harness.processElement2(rep("r1", "north", "UTC", T0), T0.toEpochMilli());
    for (int i = 0; i < 1000; i++) {
      add("r1", "a" + i, T0.plusMillis(i), i % 4 == 0 ? CONNECTED_CALL : CALL);
      if (i == 499) {
        harness.setProcessingTime(harness.getProcessingTime() + FLUSH_MS);
      }
    }
    flushByProcessingTime();
    Map<String, Long> writesPerSeries = harness.extractOutputValues().stream()
        .filter(u -> TODAY_SERIES.stream().anyMatch(u.key::startsWith)
            || u.key.startsWith(Metric.DAILY_CALL_TARGET.seriesName()))
        .collect(java.util.stream.Collectors.groupingBy(u -> u.key, java.util.stream.Collectors.counting()));
    // The three day series and the target.
    assertThat(writesPerSeries).hasSize(4).allSatisfy((key, writes) -> assertThat(writes).isBetween(1L, 2L));
    // An unchanged value is not written again: the ratio stood at 0.25 at both flushes.
    assertThat(writesPerSeries.get(key("crmpulse_contact_ratio_today", "2026-03-10T00:00:00Z"))).isEqualTo(1L);
    assertThat(published).containsEntry(key("crmpulse_calls_today", "2026-03-10T00:00:00Z"), 1000.0)
        .containsEntry(key("crmpulse_contact_ratio_today", "2026-03-10T00:00:00Z"), 0.25);
  }

  @Test
  void aDaylightSavingDayIsTwentyThreeHoursLong() throws Exception {
    // Stockholm springs forward on 2026-03-29: the local day is 23 hours long.
    harness.processElement2(rep("r1", "north", "Europe/Stockholm", T0), T0.toEpochMilli());
    add("r1", "a1", Instant.parse("2026-03-29T21:59:00Z"), CALL);
    add("r1", "a2", Instant.parse("2026-03-29T22:00:00Z"), CALL);
    flushByProcessingTime();
    SeriesUpdate first = harness.extractOutputValues().stream()
        .filter(u -> u.key.startsWith("crmpulse_calls_today") && u.key.endsWith("2026-03-28T23:00:00Z"))
        .findFirst().orElseThrow();
    assertThat(Duration.between(first.snapshot.getPeriodStart(), first.snapshot.getPeriodEnd()))
        .isEqualTo(Duration.ofHours(23));
    assertThat(published).containsEntry(key("crmpulse_calls_today", "2026-03-28T23:00:00Z"), 1.0)
        .containsEntry(key("crmpulse_calls_today", "2026-03-29T22:00:00Z"), 1.0);
  }

  @Test
  void aRemovalLowersTheCountsAndTheLastRemovalRemovesTheDay() throws Exception {
    harness.processElement2(rep("r1", "north", "UTC", T0), T0.toEpochMilli());
    add("r1", "a1", T0, CONNECTED_CALL);
    add("r1", "a2", T0, ActivityKinds.CONVERSATION);
    flushByProcessingTime();
    harness.processElement1(ActivityContribution.remove("r1", "a1", T0.toEpochMilli()), T0.toEpochMilli());
    flushByProcessingTime();
    // Calls fell to 0: calls stay as 0, the ratio has no calls to divide by.
    assertThat(published).containsExactlyInAnyOrderEntriesOf(Map.of(
        key("crmpulse_calls_today", "2026-03-10T00:00:00Z"), 0.0,
        key("crmpulse_conversations_today", "2026-03-10T00:00:00Z"), 1.0));
    harness.processElement1(ActivityContribution.remove("r1", "a2", T0.toEpochMilli()), T0.toEpochMilli());
    flushByProcessingTime();
    assertThat(published).isEmpty();
  }

  @Test
  void theEndOfInputFlushesWithoutAProcessingTimeTimer() throws Exception {
    add("r1", "a1", T0, CALL);
    harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));
    applyOutput();
    // The rep record never came: default time zone (UTC) and team "unknown".
    assertThat(published).containsEntry(
        "crmpulse_calls_today{rep=\"r1\",team=\"unknown\"}@2026-03-10T00:00:00Z", 1.0);
  }

  @Test
  void aDayIsRemovedOnceOverInEveryZoneAndItsStateAndTimersCleared() throws Exception {
    add("r1", "a1", T0, CALL);
    flushByProcessingTime();
    // Held 32 days and the lateness, rounded up to the hour (T0 is on the hour).
    long expiry = T0.plus(RepActivityAggregator.RETENTION).plus(Duration.ofHours(1)).toEpochMilli();
    harness.processBothWatermarks(new Watermark(expiry - 1));
    applyOutput();
    assertThat(published).isNotEmpty();
    harness.processBothWatermarks(new Watermark(expiry));
    applyOutput();
    assertThat(published).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  @Test
  void anEditThatMovesACountedCallIntoAnExpiredDayTakesItOutOfToday() throws Exception {
    add("r1", "a1", T0, CALL);
    flushByProcessingTime();
    harness.processBothWatermarks(new Watermark(T0.plusSeconds(60).toEpochMilli()));
    // Corrected to 40 days earlier: beyond every period and window held, and today no longer has
    // the call.
    add("r1", "a1", T0.minus(Duration.ofDays(40)), CALL);
    flushByProcessingTime();
    assertThat(published).isEmpty();
  }

  @Test
  void aChangedTimeZoneRegroupsWithoutLosingCounts() throws Exception {
    // 14:00Z is 23:00 on the 10th in Tokyo, whose day is over by 17:00Z; in New York it is 10:00.
    Instant call = Instant.parse("2026-03-10T14:00:00Z");
    harness.processElement2(rep("r1", "north", "Asia/Tokyo", T0), T0.toEpochMilli());
    harness.processBothWatermarks(new Watermark(Instant.parse("2026-03-10T17:00:00Z").toEpochMilli()));
    add("r1", "a1", call, CALL);
    harness.processElement2(rep("r1", "north", "America/New_York", call.plusSeconds(14400)),
        call.toEpochMilli());
    flushByProcessingTime();
    assertThat(published).containsOnlyKeys(
        key("crmpulse_calls_today", "2026-03-10T04:00:00Z"),
        key("crmpulse_conversations_today", "2026-03-10T04:00:00Z"),
        key("crmpulse_contact_ratio_today", "2026-03-10T04:00:00Z"))
        .containsEntry(key("crmpulse_calls_today", "2026-03-10T04:00:00Z"), 1.0);
  }

  @Test
  void aRepRecordArrivingAfterTheRepsFirstCallsMovesThemToTheRepsDay() throws Exception {
    // Before the rep record, 23:30Z counts in UTC's 10th; in Taipei it is 07:30 on the 11th.
    add("r1", "a1", Instant.parse("2026-03-10T23:30:00Z"), CALL);
    flushByProcessingTime();
    harness.processBothWatermarks(new Watermark(Instant.parse("2026-03-11T02:00:00Z").toEpochMilli()));
    harness.processElement2(rep("r1", "north", "Asia/Taipei", T0), T0.toEpochMilli());
    flushByProcessingTime();
    assertThat(published).containsEntry(key("crmpulse_calls_today", "2026-03-10T16:00:00Z"), 1.0)
        .hasSize(3);
  }

  @Test
  void aChangeOfTeamReplacesTheSeriesLabels() throws Exception {
    harness.processElement2(rep("r1", "north", "UTC", T0), T0.toEpochMilli());
    add("r1", "a1", T0, CALL);
    flushByProcessingTime();
    harness.processElement2(rep("r1", "south", "UTC", T0.plusSeconds(1)), T0.toEpochMilli());
    flushByProcessingTime();
    assertThat(published).containsOnlyKeys(
        "crmpulse_calls_today{rep=\"r1\",team=\"south\"}@2026-03-10T00:00:00Z",
        "crmpulse_conversations_today{rep=\"r1\",team=\"south\"}@2026-03-10T00:00:00Z",
        "crmpulse_contact_ratio_today{rep=\"r1\",team=\"south\"}@2026-03-10T00:00:00Z");
  }

  @Test
  void theRepsDailyCallTargetHoldsWithoutAPeriodAndFollowsTheRepRecord() throws Exception {
    harness.processElement2(rep("r1", "north", "UTC", T0), T0.toEpochMilli());
    flushByProcessingTime();
    assertThat(targets).containsExactly(entry("crmpulse_daily_call_target{rep=\"r1\",team=\"north\"}", 40.0));
    assertThat(published).isEmpty();
    assertThat(harness.extractOutputValues()).filteredOn(u -> !u.isRemoval())
        .allSatisfy(u -> assertThat(u.snapshot.getPeriodStart()).isNull());

    CrmEvent created = rep("r1", "north", "UTC", T0);
    CrmEvent deleted = CrmEvent.newBuilder(created).setEventId("e-deleted")
        .setEventTime(T0.plusSeconds(5)).setChange(ChangeType.DELETED)
        .setRep(Rep.newBuilder().setId("r1").build()).build();
    harness.processElement2(deleted, T0.toEpochMilli());
    flushByProcessingTime();
    assertThat(targets).isEmpty();
  }

  @Test
  void aRepRecordWithoutATargetTakesItsTeamsOrTheConfiguredOne() throws Exception {
    PacingSettings pacing = new PacingSettings(10, Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), 45,
        Map.of("south", 70));
    harness.close();
    harness = harness(pacing);
    CrmEvent untargeted = rep("r1", "north", "UTC", T0);
    untargeted.getRep().setDailyCallTarget(null);
    harness.processElement2(untargeted, T0.toEpochMilli());
    flushByProcessingTime();
    assertThat(targets).containsExactly(entry("crmpulse_daily_call_target{rep=\"r1\",team=\"north\"}", 45.0));

    CrmEvent moved = rep("r1", "south", "UTC", T0.plusSeconds(1));
    moved.getRep().setDailyCallTarget(null);
    harness.processElement2(moved, T0.toEpochMilli());
    flushByProcessingTime();
    assertThat(targets).containsExactly(entry("crmpulse_daily_call_target{rep=\"r1\",team=\"south\"}", 70.0));

    harness.processElement2(rep("r1", "south", "UTC", T0.plusSeconds(2)), T0.toEpochMilli());
    flushByProcessingTime();
    assertThat(targets).containsExactly(entry("crmpulse_daily_call_target{rep=\"r1\",team=\"south\"}", 40.0));
  }

  private void add(String rep, String activity, Instant occurredAt, int kinds) throws Exception {
    harness.processElement1(ActivityContribution.add(rep, activity, occurredAt.toEpochMilli(), kinds,
        occurredAt.toEpochMilli()), occurredAt.toEpochMilli());
  }

  private void flushByProcessingTime() throws Exception {
    harness.setProcessingTime(harness.getProcessingTime() + FLUSH_MS);
    applyOutput();
  }

  /**
   * Applies new output the way the exporter does: the last write per key wins. The rep's target
   * goes to {@link #targets}, and {@link #published} holds the contract's day series (the activity
   * series have their own test, {@link RepActivitySeriesTest}).
   */
  private void applyOutput() {
    List<SeriesUpdate> updates = harness.extractOutputValues();
    published.clear();
    targets.clear();
    for (SeriesUpdate update : updates) {
      if (update.key.startsWith(Metric.DAILY_CALL_TARGET.seriesName())) {
        if (update.isRemoval()) {
          targets.remove(update.key);
        } else {
          targets.put(update.key, update.snapshot.getValue());
        }
        continue;
      }
      if (TODAY_SERIES.stream().noneMatch(update.key::startsWith)) {
        continue;
      }
      if (update.isRemoval()) {
        published.remove(update.key);
      } else {
        published.put(update.key, update.snapshot.getValue());
      }
    }
  }

  private static String key(String name, String periodStart) {
    return name + "{rep=\"r1\",team=\"north\"}@" + periodStart;
  }
}
