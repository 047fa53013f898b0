package io.crmpulse.jobs.pipeline;

import static io.crmpulse.contract.TestEvents.T0;
import static io.crmpulse.contract.TestEvents.rep;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.events.AlertKind;
import io.crmpulse.events.AlertState;
import io.crmpulse.events.DealAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DealDetectorTest {
  private static final Duration LATENESS = Duration.ofHours(1);
  private static final Duration SETTLE = Duration.ofMillis(500);
  private static final Duration IDLE = Duration.ofSeconds(5);
  private static final DealSettings SETTINGS = settings(Duration.ofDays(14), Duration.ofDays(30));
  private static final String NEGLECTED_SINCE_T0 = "d1/neglected/2026-03-10T08:00:00Z";
  private static final AtomicLong IDS = new AtomicLong();

  private KeyedBroadcastOperatorTestHarness<String, DealInput, DealBroadcast, DealContribution> harness;
  private long watermark = Long.MIN_VALUE;

  @AfterEach
  void tearDown() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  /** Live mode: processing-time timers, wall clock set by the test. */
  @Nested
  class Live {
    @Test
    void aDealIsRaisedAsNeglectedOneMillisecondAfterItsThreshold() throws Exception {
      start(SETTINGS, null);
      createD1();
      wall(T0.plus(days(14)));
      assertThat(alerts()).isEmpty();

      wall(T0.plus(days(14)).plusMillis(1));
      assertThat(alerts()).containsExactly(DealAlert.newBuilder()
          .setAlertId(NEGLECTED_SINCE_T0)
          .setEventId(NEGLECTED_SINCE_T0 + "#1")
          .setDealId("d1")
          .setKind(AlertKind.NEGLECTED)
          .setState(AlertState.RAISED)
          .setAt(T0.plus(days(14)).plusMillis(1))
          .setSince(T0)
          .setOwnerId("r1")
          .setTeam("north")
          .setStage("prospecting")
          .setAmount(1200.5)
          .setCurrency("EUR")
          .setAgeSeconds(Duration.ofDays(14).toSeconds())
          .build());
      // The numbers move with the alert: the deal now counts as neglected for its owner.
      assertThat(contributions()).containsExactly(
          "d1 r1 open prospecting 1200.5 EUR", "d1 r1 open prospecting 1200.5 EUR neglected");
    }

    @Test
    void aTouchResolvesTheNeglectedAlert() throws Exception {
      start(SETTINGS, null);
      createD1();
      wall(T0.plus(days(14)).plusMillis(1));
      Instant logged = T0.plus(days(15));
      wall(logged);
      arrive(touch("d1", "a1", logged, logged.minus(Duration.ofHours(2))));
      wall(logged.plus(SETTLE));
      assertThat(described()).containsExactly(
          "#1 RAISED NEGLECTED at 2026-03-24T08:00:00.001Z",
          "#2 RESOLVED NEGLECTED at 2026-03-25T08:00:00.500Z (touched)");
      assertThat(contributions()).last().isEqualTo("d1 r1 open prospecting 1200.5 EUR");
      // A new episode counts from the new last touch.
      wall(logged.minus(Duration.ofHours(2)).plus(days(14)).plusMillis(1));
      assertThat(alerts()).last().satisfies(a -> {
        assertThat(a.getAlertId()).isEqualTo("d1/neglected/2026-03-25T06:00:00Z");
        assertThat(a.getState()).isEqualTo(AlertState.RAISED);
        assertThat(a.getEventId()).endsWith("#1");
      });
    }

    @Test
    void aRaisedAlertIsRemindedEveryRemindInterval() throws Exception {
      start(SETTINGS, null);
      createD1();
      wall(T0.plus(days(21)));
      assertThat(described()).containsExactly("#1 RAISED NEGLECTED at 2026-03-24T08:00:00.001Z");
      wall(T0.plus(days(21)).plusMillis(1));
      wall(T0.plus(days(28)).plusMillis(1));
      assertThat(described()).containsExactly(
          "#1 RAISED NEGLECTED at 2026-03-24T08:00:00.001Z",
          "#2 REMINDED NEGLECTED at 2026-03-31T08:00:00.001Z",
          "#3 REMINDED NEGLECTED at 2026-04-07T08:00:00.001Z");
      assertThat(alerts().get(2).getAgeSeconds()).isEqualTo(Duration.ofDays(28).toSeconds());
    }

    @Test
    void aSnoozeSilencesTheAlertUntilItEnds() throws Exception {
      // Stalling only after 60 days keeps the stalled alert out of this story.
      start(settings(Duration.ofDays(14), Duration.ofDays(60)), null);
      createD1();
      wall(T0.plus(days(14)).plusMillis(1));
      Instant snoozedAt = T0.plus(days(15));
      Instant until = T0.plus(days(25));
      wall(snoozedAt);
      arrive(DealInput.snooze(snooze("s1", "d1", snoozedAt, "neglected", until, "waiting for budget")));
      wall(snoozedAt.plus(SETTLE));
      assertThat(alerts()).last().satisfies(a -> {
        assertThat(a.getState()).isEqualTo(AlertState.SNOOZED);
        assertThat(a.getEventId()).isEqualTo(NEGLECTED_SINCE_T0 + "#2");
        assertThat(a.getReason()).isEqualTo("waiting for budget");
        assertThat(a.getSnoozedUntil()).isEqualTo(until);
      });
      // No reminder while snoozed (it would be due at T0 + 21 d).
      wall(until.minusMillis(1));
      assertThat(alerts()).hasSize(2);
      wall(until);
      assertThat(described()).containsExactly(
          "#1 RAISED NEGLECTED at 2026-03-24T08:00:00.001Z",
          "#2 SNOOZED NEGLECTED at 2026-03-25T08:00:00.500Z (waiting for budget)",
          "#3 RAISED NEGLECTED at 2026-04-04T08:00:00Z");
      // Reminders count from the raise that ended the snooze.
      wall(until.plus(days(7)).minusMillis(1));
      assertThat(alerts()).hasSize(3);
      wall(until.plus(days(7)));
      assertThat(alerts()).last().extracting(DealAlert::getState).isEqualTo(AlertState.REMINDED);
    }

    @Test
    void aStageChangeResolvesTheStalledAlertAsMoved() throws Exception {
      start(settings(Duration.ofDays(60), Duration.ofDays(30)), null);
      DealVersion created = createD1();
      wall(T0.plus(days(30)).plusMillis(1));
      Instant moved = T0.plus(days(31));
      wall(moved);
      arrive(DealInput.version(next(created, moved, v -> v.stage = "qualification")));
      wall(moved.plus(SETTLE));
      assertThat(described()).containsExactly(
          "#1 RAISED STALLED at 2026-04-09T08:00:00.001Z",
          "#2 RESOLVED STALLED at 2026-04-10T08:00:00.500Z (moved)");
      assertThat(alerts().get(1).getStage()).isEqualTo("qualification");
      assertThat(contributions()).containsExactly(
          "d1 r1 open prospecting 1200.5 EUR",
          "d1 r1 open prospecting 1200.5 EUR stalled",
          "d1 r1 open qualification 1200.5 EUR exits=[prospecting advanced]");
    }

    @Test
    void winningTheDealResolvesItsAlertsAsClosed() throws Exception {
      start(SETTINGS, null);
      DealVersion created = createD1();
      wall(T0.plus(days(14)).plusMillis(1));
      Instant won = T0.plus(days(15));
      wall(won);
      arrive(DealInput.version(next(created, won, v -> v.status = "won")));
      wall(won.plus(SETTLE));
      assertThat(described()).containsExactly(
          "#1 RAISED NEGLECTED at 2026-03-24T08:00:00.001Z",
          "#2 RESOLVED NEGLECTED at 2026-03-25T08:00:00.500Z (closed)");
      assertThat(contributions()).last()
          .isEqualTo("d1 r1 closed 1200.5 EUR won30d won90d exits=[prospecting won]");
    }

    @Test
    void anOwnerChangeMovesTheContributionAndTheAlertsToTheNewOwner() throws Exception {
      start(SETTINGS, null);
      DealVersion created = createD1();
      Instant handedOver = T0.plus(days(1));
      wall(handedOver);
      arrive(DealInput.version(next(created, handedOver, v -> v.ownerId = "r2")));
      wall(handedOver.plus(SETTLE));
      assertThat(contributions()).containsExactly(
          "d1 r1 open prospecting 1200.5 EUR",
          "d1 removal from r1",
          "d1 r2 open prospecting 1200.5 EUR");
      wall(T0.plus(days(14)).plusMillis(1));
      assertThat(alerts()).singleElement().satisfies(a -> {
        assertThat(a.getOwnerId()).isEqualTo("r2");
        assertThat(a.getTeam()).isEqualTo("south");
      });
    }

    @Test
    void aDealBecomesBusyAndStopsBeingBusyWithTimeAloneOnTheWallClock() throws Exception {
      // Neglect and stall after 60 days keep their flags out of this story.
      start(settings(days(60), days(60)), null);
      createD1();
      // Five calls on days 1 to 5, each logged as it happened.
      for (int i = 1; i <= 5; i++) {
        Instant call = T0.plus(days(i));
        wall(call);
        arrive(touch("d1", "a" + i, call, call));
        wall(call.plus(SETTLE));
      }
      assertThat(contributions()).allMatch(c -> !c.endsWith("busy"));

      // Five touches in (now - 14 d, now] from the moment the stage entry is 14 days back: no
      // event arrives, a processing-time timer fires at that very millisecond.
      wall(T0.plus(days(14)).minusMillis(1));
      assertThat(contributions()).last().isEqualTo("d1 r1 open prospecting 1200.5 EUR");
      wall(T0.plus(days(14)));
      assertThat(contributions()).last().isEqualTo("d1 r1 open prospecting 1200.5 EUR busy");
      // The day-1 call leaves the window at day 15 (the window's start is open): four touches.
      wall(T0.plus(days(15)).minusMillis(1));
      assertThat(contributions()).last().isEqualTo("d1 r1 open prospecting 1200.5 EUR busy");
      wall(T0.plus(days(15)));
      assertThat(contributions()).last().isEqualTo("d1 r1 open prospecting 1200.5 EUR");

      // A sixth call brings it back; a stage change ends it (the new stage is not 14 days old).
      Instant sixth = T0.plus(days(15)).plus(Duration.ofHours(6));
      wall(sixth);
      arrive(touch("d1", "a6", sixth, sixth));
      wall(sixth.plus(SETTLE));
      assertThat(contributions()).last().isEqualTo("d1 r1 open prospecting 1200.5 EUR busy");
      Instant moved = T0.plus(days(15)).plus(Duration.ofHours(12));
      wall(moved);
      arrive(DealInput.version(next(opened("d1", T0, "r1"), moved, v -> v.stage = "qualification")));
      wall(moved.plus(SETTLE));
      assertThat(contributions()).last()
          .isEqualTo("d1 r1 open qualification 1200.5 EUR exits=[prospecting advanced]");
      assertThat(alerts()).isEmpty();
    }

    @Test
    void alertsWaitWhileTheJobCatchesUpAndComeOnceInputIsIdle() throws Exception {
      start(SETTINGS, null);
      // A fresh start twenty days on re-reads history: event time far behind the wall clock.
      Instant restart = T0.plus(days(20));
      wall(restart);
      arrive(DealInput.version(opened("d1", T0, "r1")));
      DealVersion other = opened("d2", T0, "r1");
      long wall = restart.toEpochMilli();
      for (int i = 1; i <= 20; i++) {
        wall += 400;
        harness.setProcessingTime(wall);
        other = next(other, T0.plus(Duration.ofMinutes(i)), v -> v.amount = v.amount + 1);
        arrive(DealInput.version(other));
      }
      assertThat(alerts()).isEmpty();
      // The numbers do not wait: d1 already counts as neglected.
      assertThat(contributions()).contains("d1 r1 open prospecting 1200.5 EUR neglected");

      long lastInput = wall;
      harness.setProcessingTime(lastInput + IDLE.toMillis() - 1);
      assertThat(alerts()).isEmpty();
      harness.setProcessingTime(lastInput + IDLE.toMillis() + SETTLE.toMillis());
      assertThat(alerts()).filteredOn(a -> a.getDealId().equals("d1")).singleElement()
          .satisfies(a -> {
            assertThat(a.getState()).isEqualTo(AlertState.RAISED);
            assertThat(a.getAlertId()).isEqualTo(NEGLECTED_SINCE_T0);
            assertThat(a.getAt().toEpochMilli())
                .isBetween(lastInput + IDLE.toMillis() - SETTLE.toMillis(),
                    lastInput + IDLE.toMillis() + SETTLE.toMillis());
          });
      assertThat(alerts()).extracting(DealAlert::getDealId).containsExactlyInAnyOrder("d1", "d2");
    }

    @Test
    void aDeletedDealLeavesNoStateOnceEventTimePassesTheDeletionPlusTheLateness() throws Exception {
      start(SETTINGS, null);
      DealVersion created = createD1();
      Instant touched = T0.plus(days(2));
      wall(touched);
      arrive(touch("d1", "a1", touched, touched.minus(Duration.ofHours(1))));
      wall(T0.plus(days(17)));
      Instant snoozedAt = T0.plus(days(17));
      arrive(DealInput.snooze(snooze("s1", "d1", snoozedAt, null, T0.plus(days(60)), "later")));
      Instant deleted = T0.plus(days(18));
      wall(deleted);
      arrive(DealInput.version(deletion(created, deleted)));
      wall(deleted.plus(SETTLE));
      assertThat(described()).containsExactly(
          "#1 RAISED NEGLECTED at 2026-03-26T07:00:00.001Z",
          "#2 SNOOZED NEGLECTED at 2026-03-27T08:00:00.500Z (later)",
          "#3 RESOLVED NEGLECTED at 2026-03-28T08:00:00.500Z (deleted)");
      assertThat(contributions()).last().isEqualTo("d1 removal from r1");

      long clearAt = deleted.plus(LATENESS).toEpochMilli();
      harness.setProcessingTime(clearAt + LATENESS.toMillis());
      harness.watermark(clearAt - 1);
      assertThat(keyedStateEntries()).isPositive();
      harness.watermark(clearAt);
      assertThat(keyedStateEntries()).isZero();
      assertThat(harness.numProcessingTimeTimers()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
      // Nothing wakes up later (the snooze would have ended at T0 + 60 d).
      int published = contributions().size();
      wall(T0.plus(days(120)));
      assertThat(alerts()).hasSize(3);
      assertThat(contributions()).hasSize(published);
    }

    @Test
    void aDealDeletedInABacklogResolvesItsAlertBeforeItsStateGoes() throws Exception {
      start(SETTINGS, null);
      DealVersion created = createD1();
      wall(T0.plus(days(14)).plusMillis(1));
      assertThat(described()).containsExactly("#1 RAISED NEGLECTED at 2026-03-24T08:00:00.001Z");

      // The source was down for a day; it comes back with a backlog that holds d1's deletion.
      Instant back = T0.plus(days(16));
      Instant deleted = T0.plus(days(15));
      wall(back);
      arrive(DealInput.version(deletion(created, deleted)));
      DealVersion other = opened("d2", deleted, "r2");
      long wall = back.toEpochMilli();
      for (int i = 1; i <= 10; i++) {
        wall += 400;
        harness.setProcessingTime(wall);
        other = next(other, deleted.plus(Duration.ofMinutes(15L * i)), v -> v.amount = v.amount + 1);
        arrive(DealInput.version(other));
      }
      // Event time has passed the deletion plus the lateness while the job still catches up.
      assertThat(watermark).isGreaterThan(deleted.plus(LATENESS).toEpochMilli());
      assertThat(alerts()).hasSize(1);

      harness.setProcessingTime(wall + IDLE.toMillis() + SETTLE.toMillis());
      assertThat(alerts()).filteredOn(a -> a.getDealId().equals("d1")).extracting(DealAlert::getState)
          .containsExactly(AlertState.RAISED, AlertState.RESOLVED);
      assertThat(alerts()).last().extracting(DealAlert::getReason).isEqualTo("deleted");

      // Once event time moves on, d1 leaves nothing behind; so does d2 once deleted too.
      Instant d2Deleted = Instant.ofEpochMilli(other.eventTime).plusSeconds(1);
      wall(Instant.ofEpochMilli(wall).plusSeconds(60));
      arrive(DealInput.version(deletion(other, d2Deleted)));
      wall(Instant.ofEpochMilli(wall).plusSeconds(120));
      harness.watermark(d2Deleted.plus(LATENESS).toEpochMilli());
      assertThat(keyedStateEntries()).isZero();
      assertThat(harness.numProcessingTimeTimers()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aTimerOverdueAfterARestoreIsNotSteppedThroughTheMissedTime() throws Exception {
      start(SETTINGS, null);
      createD1();
      wall(T0.plus(days(10)));
      OperatorSubtaskState checkpoint = harness.snapshot(1, T0.plus(days(10)).toEpochMilli());
      harness.close();
      // Down for ten days: the threshold timer (T0 + 14 d) comes back overdue with the state.
      Instant restart = T0.plus(days(20));
      CountingDetector detector = restore(checkpoint, restart);
      // The backlog starts flowing before the overdue timer gets its turn: d1 was touched on
      // day 13, during the downtime.
      arrive(touch("d1", "a1", T0.plus(days(13)), T0.plus(days(13))));
      harness.setProcessingTime(restart.toEpochMilli() + 100);
      harness.setProcessingTime(restart.plus(IDLE).plus(SETTLE.multipliedBy(2)).toEpochMilli());
      // Once per settle interval of wall-clock time, not once per 500 ms of the ten days missed.
      assertThat(detector.processingTimers).isLessThan(20);
      assertThat(alerts()).isEmpty();
    }

    @Test
    void aRestoredOverdueTimerWaitsForTheBacklog() throws Exception {
      start(SETTINGS, null);
      createD1();
      wall(T0.plus(days(10)));
      OperatorSubtaskState checkpoint = harness.snapshot(1, T0.plus(days(10)).toEpochMilli());
      harness.close();
      Instant restart = T0.plus(days(20));
      restore(checkpoint, restart);
      harness.setProcessingTime(restart.toEpochMilli() + 1);
      arrive(touch("d1", "a1", T0.plus(days(13)), T0.plus(days(13))));
      harness.setProcessingTime(restart.plus(IDLE).plus(SETTLE.multipliedBy(2)).toEpochMilli());
      // Without the hold: RAISED six days late, then RESOLVED (touched) a moment later.
      assertThat(described()).isEmpty();
    }

    @Test
    void aWonDealLeavesNoStateOnceItsNinetyDayWindowAndTheLatenessHavePassed() throws Exception {
      start(SETTINGS, null);
      DealVersion created = createD1();
      Instant won = T0.plus(days(1));
      wall(won);
      arrive(DealInput.version(next(created, won, v -> v.status = "won")));
      wall(won.plus(SETTLE));
      wall(won.plus(days(30)));
      wall(won.plus(days(90)));
      assertThat(contributions()).containsExactly(
          "d1 r1 open prospecting 1200.5 EUR",
          "d1 r1 closed 1200.5 EUR won30d won90d exits=[prospecting won]",
          "d1 r1 closed 1200.5 EUR won90d exits=[prospecting won]",
          "d1 removal from r1");

      long clearAt = won.plus(days(90)).plus(LATENESS).toEpochMilli();
      harness.setProcessingTime(clearAt + LATENESS.toMillis());
      harness.watermark(clearAt - 1);
      assertThat(keyedStateEntries()).isPositive();
      harness.watermark(clearAt);
      assertThat(keyedStateEntries()).isZero();
      assertThat(harness.numProcessingTimeTimers()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
      assertThat(alerts()).isEmpty();
    }
  }

  /** Replay mode: as-of set, inputs and timers in event time. */
  @Nested
  class Replay {
    @Test
    void inputsApplyInEventTimeOrderWhateverTheirArrivalOrder() throws Exception {
      DealVersion created = opened("d1", T0, "r1");
      DealVersion amount = next(created, T0.plus(days(1)), v -> v.amount = 2000.0);
      DealVersion stage = next(amount, T0.plus(days(1)).plus(Duration.ofMinutes(30)),
          v -> v.stage = "proposal");
      Instant asOf = T0.plus(days(2));

      start(SETTINGS, asOf);
      replay(List.of(created, amount, stage), asOf);
      List<String> inOrder = contributions();
      closeAndForget();
      start(SETTINGS, asOf);
      arriveReplay(DealInput.version(created));
      // Both versions arrive, newest first, before the watermark passes either.
      arriveReplay(DealInput.version(stage));
      arriveReplay(DealInput.version(amount));
      harness.watermark(asOf.toEpochMilli());
      harness.watermark(Long.MAX_VALUE);

      assertThat(contributions()).isEqualTo(inOrder).containsExactly(
          "d1 r1 open prospecting 1200.5 EUR",
          "d1 r1 open prospecting 2000.0 EUR",
          "d1 r1 open proposal 2000.0 EUR exits=[prospecting advanced]");
    }

    @Test
    void busyDealsAreEvaluatedAtAsOfWithTheWindowInCalendarTime() throws Exception {
      // Calls on days 2 to 6 (T0 is a Tuesday: days 4 and 5 are a weekend), one logged late.
      List<DealInput> calls = new ArrayList<>();
      for (int i = 2; i <= 6; i++) {
        Instant call = T0.plus(days(i));
        calls.add(touch("d1", "a" + i, i == 3 ? call.plus(days(2)) : call, call));
      }
      DealSettings calendar = settings(days(60), days(60));
      DealSettings business = new DealSettings(calendar.stages(), calendar.probabilities(),
          calendar.neglectAfter(), Map.of(), Map.of(), calendar.stallAfter(), Map.of(), Map.of(),
          new BusinessTime(true, Set.of(java.time.DayOfWeek.SATURDAY, java.time.DayOfWeek.SUNDAY),
              Set.of(), java.time.ZoneOffset.UTC),
          calendar.remindEvery(), calendar.lostReasons());
      for (DealSettings settings : List.of(calendar, business)) {
        assertThat(busyAt(settings, calls, T0.plus(days(14)).minusMillis(1))).isFalse();
        assertThat(busyAt(settings, calls, T0.plus(days(14)))).isTrue();
        // The day-2 call is out of the window from day 16 on, weekend or not.
        assertThat(busyAt(settings, calls, T0.plus(days(16)).minusMillis(1))).isTrue();
        assertThat(busyAt(settings, calls, T0.plus(days(16)))).isFalse();
      }
      // Fewer touches needed, a shorter window: busy from the stage's seventh day.
      DealSettings three = calendar.withBusy(3, days(7));
      assertThat(busyAt(three, calls, T0.plus(days(7)))).isTrue();
      assertThat(busyAt(three, calls, T0.plus(days(11)))).as("days 5 and 6 only").isFalse();
    }

    @Test
    void theBusyWindowIsAPlainDurationAcrossADaylightSavingSwitch() throws Exception {
      // Stockholm moves its clocks forward on 2026-03-29: 14 local days after 2026-03-20 10:00
      // local (09:00Z) end at 08:00Z on 2026-04-03, but the window is 336 hours long.
      Instant created = Instant.parse("2026-03-20T09:00:00Z");
      List<DealInput> calls = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        calls.add(touch("d1", "a" + i, created.plus(days(i)), created.plus(days(i))));
      }
      DealSettings calendar = settings(days(60), days(60));
      DealSettings stockholm = new DealSettings(calendar.stages(), calendar.probabilities(),
          calendar.neglectAfter(), Map.of(), Map.of(), calendar.stallAfter(), Map.of(), Map.of(),
          new BusinessTime(true, Set.of(java.time.DayOfWeek.SATURDAY, java.time.DayOfWeek.SUNDAY),
              Set.of(), java.time.ZoneId.of("Europe/Stockholm")),
          calendar.remindEvery(), calendar.lostReasons());
      Instant due = Instant.parse("2026-04-03T09:00:00Z");
      for (DealSettings settings : List.of(calendar, stockholm)) {
        assertThat(busyAt(settings, opened("d1", created, "r1"), calls, due.minus(Duration.ofHours(1))))
            .isFalse();
        assertThat(busyAt(settings, opened("d1", created, "r1"), calls, due.minusMillis(1))).isFalse();
        assertThat(busyAt(settings, opened("d1", created, "r1"), calls, due)).isTrue();
      }
    }

    /** Replays d1 (opened at T0) and {@code calls} up to {@code asOf}: busy then? */
    private boolean busyAt(DealSettings settings, List<DealInput> calls, Instant asOf)
        throws Exception {
      return busyAt(settings, opened("d1", T0, "r1"), calls, asOf);
    }

    private boolean busyAt(DealSettings settings, DealVersion created, List<DealInput> calls,
        Instant asOf) throws Exception {
      if (harness != null) {
        closeAndForget();
      }
      start(settings, asOf);
      arriveReplay(DealInput.version(created));
      for (DealInput call : calls) {
        if (call.eventTime <= asOf.toEpochMilli()) {
          arriveReplay(call);
        }
      }
      harness.watermark(asOf.toEpochMilli());
      // Every instant up to as-of has fired, and none waits beyond it.
      assertThat(harness.numEventTimeTimers()).isZero();
      harness.watermark(Long.MAX_VALUE);
      return contributions().get(contributions().size() - 1).endsWith(" busy");
    }

    @Test
    void aMedianStallThresholdFollowsTheExitsOfAllDealsAtEachMidnight() throws Exception {
      // Other deals left prospecting after 4 d and 6 d: the median is 5 d, so 2x median is 10 d.
      DealExits d8 = exits("d8", exit(T0.minus(days(10)), days(4)));
      DealExits d9 = exits("d9", exit(T0.minus(days(5)), days(6)));
      assertThat(stalledAt(List.of(d8, d9))).containsExactly("2026-03-20T08:00:00.001Z");

      // A third exit (20 d) on day 3 moves the median to 6 d from the next midnight: 12 d.
      DealExits d7 = exits("d7", exit(T0.plus(days(3)), days(20)));
      assertThat(stalledAt(List.of(d8, d9, d7))).containsExactly("2026-03-22T08:00:00.001Z");

      // A short one (1 d) on day 9 lowers it to 4 d (8 d) at the next midnight, when d1 has been
      // in its stage longer than that already: it stalls at that midnight.
      DealExits quick = exits("d7", exit(T0.plus(days(9)), days(1)));
      assertThat(stalledAt(List.of(d8, d9, quick))).containsExactly("2026-03-20T00:00:00Z");

      // A deleted deal's exits count nowhere: the median is 4 d.
      DealExits deleted = exits("d9", exit(T0.minus(days(5)), days(6)));
      deleted.goneFrom = new long[] {T0.minus(days(1)).toEpochMilli()};
      deleted.goneUntil = new long[] {Long.MAX_VALUE};
      assertThat(stalledAt(List.of(d8, deleted))).containsExactly("2026-03-18T08:00:00.001Z");

      // No exit of the stage in the 90 days: the fallback, 30 d.
      DealExits old = exits("d8", exit(T0.minus(days(91)), days(1)));
      assertThat(stalledAt(List.of(old))).containsExactly("2026-04-09T08:00:00.001Z");
    }

    @Test
    void exitsOutOfEveryMedianWindowAreDropped() throws Exception {
      start(SETTINGS, T0.plus(days(200)));
      harness.processBroadcastElement(DealBroadcast.exits(exits("d8", exit(T0, days(4)))), 0);
      harness.processBroadcastElement(DealBroadcast.exits(
          exits("d9", exit(T0, days(4)), exit(T0.plus(days(50)), days(2)))), 0);
      assertThat(heldExits()).containsOnlyKeys("d8", "d9");
      // The watermark past the window, the margin and the lateness: the next broadcast sweeps.
      harness.watermark(T0.plus(days(92)).plus(LATENESS).plusMillis(1).toEpochMilli());
      harness.processBroadcastElement(DealBroadcast.exits(exits("d7", exit(T0.plus(days(60)), days(1)))), 0);
      assertThat(heldExits()).containsOnlyKeys("d9", "d7");
      assertThat(heldExits().get("d9").exits).hasSize(1);
    }

    @Test
    void noTimerFiresAfterAsOf() throws Exception {
      Instant due = T0.plus(days(14)).plusMillis(1);
      Instant asOf = due.minusMillis(1);
      start(SETTINGS, asOf);
      arriveReplay(DealInput.version(opened("d1", T0, "r1")));
      harness.watermark(asOf.toEpochMilli());
      // The threshold lies beyond as-of: no timer waits for it.
      assertThat(harness.numEventTimeTimers()).isZero();
      harness.watermark(Long.MAX_VALUE);
      assertThat(alerts()).isEmpty();
      assertThat(contributions()).containsExactly("d1 r1 open prospecting 1200.5 EUR");
      closeAndForget();
      start(SETTINGS, due);
      replay(List.of(opened("d1", T0, "r1")), due);
      assertThat(described()).containsExactly("#1 RAISED NEGLECTED at 2026-03-24T08:00:00.001Z");
    }

    @Test
    void theSameStoryGivesTheSameAlertsAsLive() throws Exception {
      Instant asOf = T0.plus(days(45));
      List<Object> story = story();

      start(SETTINGS, null);
      for (Object step : story) {
        Instant at = Instant.ofEpochMilli(eventTime(step));
        // Arriving a settle interval early, each change is evaluated live at its own instant.
        wall(at.minus(SETTLE));
        arrive(input(step));
      }
      wall(asOf);
      List<DealAlert> live = alerts();
      closeAndForget();
      start(SETTINGS, asOf);
      // The stage change and the amount change half an hour later arrive swapped.
      List<Object> shuffled = new ArrayList<>(story);
      int stageChange = 3;
      shuffled.set(stageChange, story.get(stageChange + 1));
      shuffled.set(stageChange + 1, story.get(stageChange));
      for (Object step : shuffled) {
        arriveReplay(input(step));
      }
      harness.watermark(asOf.toEpochMilli());
      assertThat(harness.numEventTimeTimers()).isZero();
      harness.watermark(Long.MAX_VALUE);
      List<DealAlert> replayed = alerts();

      assertThat(replayed).isEqualTo(live);
      assertThat(describe(replayed)).containsExactly(
          "#1 RAISED NEGLECTED at 2026-03-24T08:00:00.001Z",
          "#2 REMINDED NEGLECTED at 2026-03-31T08:00:00.001Z",
          "#3 SNOOZED NEGLECTED at 2026-04-01T08:00:00Z (waiting for budget)",
          "#4 RAISED NEGLECTED at 2026-04-04T08:00:00Z",
          "#5 RESOLVED NEGLECTED at 2026-04-05T08:00:00Z (touched)",
          "#1 RAISED STALLED at 2026-04-09T08:00:00.001Z",
          "#2 RESOLVED STALLED at 2026-04-11T08:00:00Z (moved)",
          "#1 RAISED NEGLECTED at 2026-04-19T06:00:00.001Z",
          "#2 RESOLVED NEGLECTED at 2026-04-20T08:00:00Z (closed)");
      // Event-time order: the stage change at T0 + 32 d still carries the old amount.
      assertThat(replayed.get(6).getAmount()).isEqualTo(1200.5);
      assertThat(replayed.get(7).getAmount()).isEqualTo(3000.0);
      assertThat(replayed).allSatisfy(a -> assertThat(a.getAt()).isBeforeOrEqualTo(asOf));
    }

    /** One deal's life: a neglected episode snoozed and touched, a stalled one moved, then won. */
    private List<Object> story() {
      DealVersion created = opened("d1", T0, "r1");
      DealVersion moved = next(created, T0.plus(days(32)), v -> v.stage = "qualification");
      DealVersion bigger = next(moved, T0.plus(days(32)).plus(Duration.ofMinutes(30)),
          v -> v.amount = 3000.0);
      DealVersion won = next(bigger, T0.plus(days(41)), v -> v.status = "won");
      Instant touchedAt = T0.plus(days(26));
      return List.of(
          created,
          snooze("s1", "d1", T0.plus(days(22)), "neglected", T0.plus(days(25)), "waiting for budget"),
          touch("d1", "a1", touchedAt, touchedAt.minus(Duration.ofHours(2))),
          moved,
          bigger,
          won);
    }
  }

  // ---- harness plumbing

  private void start(DealSettings settings, Instant asOf) throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        new DealDetector(settings, LATENESS, SETTLE, IDLE, asOf), in -> in.dealId, Types.STRING,
        DealDetector.REP_TEAMS, DealDetector.STAGE_EXITS);
    Instant before = T0.minus(days(1));
    harness.processBroadcastElement(DealBroadcast.rep(rep("r1", "north", "UTC", before)), before.toEpochMilli());
    harness.processBroadcastElement(DealBroadcast.rep(rep("r2", "south", "UTC", before)), before.toEpochMilli());
  }

  /** Ends this run, so the test can start another from scratch. */
  private void closeAndForget() throws Exception {
    harness.close();
    harness = null;
    watermark = Long.MIN_VALUE;
  }

  /** A live detector restored from {@code checkpoint}, started with the wall clock at {@code wallAtStart}. */
  private CountingDetector restore(OperatorSubtaskState checkpoint, Instant wallAtStart)
      throws Exception {
    CountingDetector detector = new CountingDetector();
    harness = new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(detector, List.of(DealDetector.REP_TEAMS, DealDetector.STAGE_EXITS)),
        in -> in.dealId, Types.STRING, 1, 1, 0);
    harness.setup();
    harness.setProcessingTime(wallAtStart.toEpochMilli());
    harness.initializeState(checkpoint);
    harness.open();
    return detector;
  }

  /** A live detector that counts its processing-time timers. */
  private static final class CountingDetector extends DealDetector {
    private static final long serialVersionUID = 1L;
    int processingTimers;

    CountingDetector() {
      super(SETTINGS, LATENESS, SETTLE, IDLE, null);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DealContribution> out)
        throws Exception {
      if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
        processingTimers++;
      }
      super.onTimer(timestamp, ctx, out);
    }
  }

  /** d1 created at T0, arriving then; evaluated a settle interval later. */
  private DealVersion createD1() throws Exception {
    DealVersion created = opened("d1", T0, "r1");
    wall(T0);
    arrive(DealInput.version(created));
    wall(T0.plus(SETTLE));
    return created;
  }

  private void wall(Instant at) throws Exception {
    harness.setProcessingTime(at.toEpochMilli());
  }

  /** Live input: the source's watermark trails the newest event by the lateness. */
  private void arrive(DealInput in) throws Exception {
    harness.processElement(in, in.eventTime);
    watermark = Math.max(watermark, in.eventTime - LATENESS.toMillis() - 1);
    harness.watermark(watermark);
  }

  /** Replay input: the watermark follows every event, as the replay's generator emits it. */
  private void arriveReplay(DealInput in) throws Exception {
    arrive(in);
  }

  private void replay(List<DealVersion> versions, Instant asOf) throws Exception {
    for (DealVersion v : versions) {
      arriveReplay(DealInput.version(v));
    }
    harness.watermark(asOf.toEpochMilli());
    harness.watermark(Long.MAX_VALUE);
  }

  private int keyedStateEntries() {
    return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend())
        .numKeyValueStateEntries();
  }

  private List<DealAlert> alerts() {
    var records = harness.getSideOutput(DealDetector.ALERTS);
    return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
  }

  private List<String> described() {
    return describe(alerts());
  }

  private static List<String> describe(List<DealAlert> alerts) {
    return alerts.stream()
        .map(a -> a.getEventId().substring(a.getEventId().indexOf('#')) + " " + a.getState() + " "
            + a.getKind() + " at " + a.getAt() + (a.getReason() == null ? "" : " (" + a.getReason() + ")"))
        .toList();
  }

  private List<String> contributions() {
    return harness.extractOutputValues().stream().map(DealDetectorTest::describe).toList();
  }

  private static String describe(DealContribution c) {
    if (c.removal) {
      return c.dealId + " removal from " + c.ownerId;
    }
    StringBuilder s = new StringBuilder(c.dealId + " " + c.ownerId);
    s.append(c.open ? " open " + c.stage : " closed").append(' ').append(c.amount).append(' ')
        .append(c.currency);
    s.append(c.neglected ? " neglected" : "").append(c.stalled ? " stalled" : "")
        .append(c.busy ? " busy" : "");
    s.append(c.wonIn30d ? " won30d" : "").append(c.wonIn90d ? " won90d" : "");
    s.append(c.lostIn30d ? " lost30d" : "").append(c.lostIn90d ? " lost90d " + c.lostReason : "");
    if (c.exits.length > 0) {
      s.append(" exits=").append(java.util.Arrays.stream(c.exits)
          .map(e -> e.stage + " " + e.outcome).toList());
    }
    return s.toString();
  }

  // ---- fixtures

  /** Replays d1 (opened at T0 in prospecting) with these exits of other deals; its stall raises. */
  private List<String> stalledAt(List<DealExits> others) throws Exception {
    if (harness != null) {
      closeAndForget();
    }
    DealSettings base = settings(days(60), days(30));
    DealSettings median = new DealSettings(base.stages(), base.probabilities(), base.neglectAfter(),
        Map.of(), Map.of(), DealSettings.MEDIAN_FALLBACK, Map.of(), Map.of(), base.time(),
        base.remindEvery(), base.lostReasons(), java.math.BigDecimal.valueOf(2), Map.of());
    Instant asOf = T0.plus(days(45));
    start(median, asOf);
    for (DealExits other : others) {
      harness.processBroadcastElement(DealBroadcast.exits(other), T0.toEpochMilli());
    }
    replay(List.of(opened("d1", T0, "r1")), asOf);
    return alerts().stream().filter(a -> a.getState() == AlertState.RAISED)
        .filter(a -> a.getKind() == AlertKind.STALLED).map(a -> a.getAt().toString()).toList();
  }

  private Map<String, DealExits> heldExits() throws Exception {
    Map<String, DealExits> held = new java.util.TreeMap<>();
    for (Map.Entry<String, DealExits> e : harness.getOperator().getOperatorStateBackend()
        .getBroadcastState(DealDetector.STAGE_EXITS).entries()) {
      held.put(e.getKey(), e.getValue());
    }
    return held;
  }

  private static DealExits exits(String dealId, StageExit... exits) {
    DealExits d = new DealExits();
    d.dealId = dealId;
    d.exits = exits;
    return d;
  }

  private static StageExit exit(Instant at, Duration inStage) {
    return new StageExit("prospecting", "advanced", at.toEpochMilli(),
        at.minus(inStage).toEpochMilli());
  }

  private static DealSettings settings(Duration neglectAfter, Duration stallAfter) {
    return new DealSettings(
        List.of("prospecting", "qualification", "proposal", "negotiation"),
        Map.of("prospecting", 0.1, "qualification", 0.2, "proposal", 0.5, "negotiation", 0.8),
        neglectAfter, Map.of(), Map.of(), stallAfter, Map.of(), Map.of(), BusinessTime.calendar(),
        Duration.ofDays(7),
        Set.of("price", "competitor"));
  }

  private static Duration days(long n) {
    return Duration.ofDays(n);
  }

  private static String nextId() {
    return "ev-" + String.format("%06d", IDS.incrementAndGet());
  }

  /** A new open deal in prospecting, created in the CRM at {@code at}. */
  static DealVersion opened(String dealId, Instant at, String owner) {
    DealVersion v = new DealVersion();
    v.dealId = dealId;
    v.eventTime = at.toEpochMilli();
    v.eventId = nextId();
    v.ownerId = owner;
    v.stage = "prospecting";
    v.status = "open";
    v.amount = 1200.5;
    v.currency = "EUR";
    v.forecastCategory = "pipeline";
    v.createdAt = at.toEpochMilli();
    return v;
  }

  /** The next version of a deal, at {@code at}, with {@code edit} applied. */
  static DealVersion next(DealVersion prev, Instant at, Consumer<DealVersion> edit) {
    DealVersion v = new DealVersion();
    v.dealId = prev.dealId;
    v.eventTime = at.toEpochMilli();
    v.eventId = nextId();
    v.ownerId = prev.ownerId;
    v.stage = prev.stage;
    v.status = prev.status;
    v.amount = prev.amount;
    v.currency = prev.currency;
    v.forecastCategory = prev.forecastCategory;
    v.lostReason = prev.lostReason;
    v.createdAt = prev.createdAt;
    edit.accept(v);
    return v;
  }

  static DealVersion deletion(DealVersion prev, Instant at) {
    DealVersion v = new DealVersion();
    v.dealId = prev.dealId;
    v.eventTime = at.toEpochMilli();
    v.eventId = nextId();
    v.deleted = true;
    return v;
  }

  /** A completed activity linked to the deal, logged at {@code at}, that took place at {@code occurredAt}. */
  private static DealInput touch(String dealId, String activityId, Instant at, Instant occurredAt) {
    TouchVersion v = new TouchVersion();
    v.eventTime = at.toEpochMilli();
    v.eventId = nextId();
    v.dealId = dealId;
    v.touches = true;
    v.occurredAt = occurredAt.toEpochMilli();
    return DealInput.touch(dealId, activityId, new TouchVersion[] {v}, v.eventTime);
  }

  private static SnoozeVersion snooze(String id, String dealId, Instant at, String kind,
      Instant until, String reason) {
    SnoozeVersion v = new SnoozeVersion();
    v.id = id;
    v.dealId = dealId;
    v.eventTime = at.toEpochMilli();
    v.eventId = nextId();
    v.kind = kind;
    v.until = until.toEpochMilli();
    v.reason = reason;
    return v;
  }

  private static DealInput input(Object step) {
    if (step instanceof DealVersion v) {
      return DealInput.version(v);
    }
    if (step instanceof SnoozeVersion s) {
      return DealInput.snooze(s);
    }
    return (DealInput) step;
  }

  private static long eventTime(Object step) {
    return input(step).eventTime;
  }
}
