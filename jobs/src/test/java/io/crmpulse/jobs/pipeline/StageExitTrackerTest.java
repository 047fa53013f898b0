package io.crmpulse.jobs.pipeline;

import static io.crmpulse.contract.TestEvents.T0;
import static io.crmpulse.jobs.pipeline.DealDetectorTest.deletion;
import static io.crmpulse.jobs.pipeline.DealDetectorTest.next;
import static io.crmpulse.jobs.pipeline.DealDetectorTest.opened;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StageExitTrackerTest {
  private static final Duration LATENESS = Duration.ofHours(1);
  private static final DealSettings SETTINGS = new DealSettings(
      List.of("prospecting", "qualification", "proposal", "negotiation"), Map.of(),
      Duration.ofDays(14), Map.of(), Map.of(), Duration.ofDays(30), Map.of(), Map.of(),
      BusinessTime.calendar(), Duration.ofDays(7), Set.of());

  private KeyedOneInputStreamOperatorTestHarness<String, DealVersion, DealBroadcast> harness;

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  @Test
  void announcesTheExitsWhenTheyChangeOnlyAndDeletionsAsSpans() throws Exception {
    start(false);
    DealVersion created = opened("d1", T0, "r1");
    DealVersion bigger = next(created, T0.plus(Duration.ofDays(1)), v -> v.amount = 5000.0);
    DealVersion moved = next(bigger, T0.plus(Duration.ofDays(4)), v -> v.stage = "proposal");
    DealVersion deleted = deletion(moved, T0.plus(Duration.ofDays(6)));
    DealVersion back = next(moved, T0.plus(Duration.ofDays(8)), v -> { });
    for (DealVersion v : List.of(created, bigger, moved, moved, deleted, back)) {
      harness.processElement(v, v.eventTime);
    }
    // Created: no exit yet; the amount and the same version again change nothing.
    assertThat(announced()).containsExactly(
        "d1 []",
        "d1 [prospecting " + T0.plus(Duration.ofDays(4)) + " 4.0d]",
        "d1 [prospecting " + T0.plus(Duration.ofDays(4)) + " 4.0d] gone "
            + T0.plus(Duration.ofDays(6)) + "..",
        "d1 [prospecting " + T0.plus(Duration.ofDays(4)) + " 4.0d] gone "
            + T0.plus(Duration.ofDays(6)) + ".." + T0.plus(Duration.ofDays(8)));
  }

  @Test
  void liveAClosedDealIsForgottenOnceItsExitsAreOutOfTheWindow() throws Exception {
    start(false);
    DealVersion created = opened("d1", T0, "r1");
    DealVersion won = next(created, T0.plus(Duration.ofDays(2)), v -> v.status = "won");
    harness.processElement(created, created.eventTime);
    harness.processElement(won, won.eventTime);
    Instant gone = T0.plus(Duration.ofDays(92)).plus(LATENESS);
    harness.processWatermark(gone.minusMillis(1).toEpochMilli());
    assertThat(keyedStateEntries()).isPositive();
    harness.processWatermark(gone.toEpochMilli());
    assertThat(keyedStateEntries()).isZero();
  }

  @Test
  void inReplayNothingIsForgotten() throws Exception {
    start(true);
    DealVersion created = opened("d1", T0, "r1");
    harness.processElement(next(created, T0.plus(Duration.ofDays(2)), v -> v.status = "lost"),
        T0.toEpochMilli());
    harness.processWatermark(Long.MAX_VALUE);
    assertThat(keyedStateEntries()).isPositive();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  private void start(boolean replay) throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new StageExitTracker(SETTINGS, LATENESS, replay), v -> v.dealId, Types.STRING);
  }

  private int keyedStateEntries() {
    return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend())
        .numKeyValueStateEntries();
  }

  private List<String> announced() {
    return harness.extractOutputValues().stream().map(b -> {
      DealExits d = b.exits;
      StringBuilder s = new StringBuilder(d.dealId).append(' ').append(Arrays.stream(d.exits)
          .map(e -> e.stage + " " + Instant.ofEpochMilli(e.at) + " " + e.days + "d").toList());
      for (int i = 0; i < d.goneFrom.length; i++) {
        s.append(" gone ").append(Instant.ofEpochMilli(d.goneFrom[i])).append("..")
            .append(d.goneUntil[i] == Long.MAX_VALUE ? "" : Instant.ofEpochMilli(d.goneUntil[i]));
      }
      return s.toString();
    }).toList();
  }
}
