package io.crmpulse.jobs.pipeline;

import static io.crmpulse.contract.TestEvents.T0;
import static io.crmpulse.contract.TestEvents.rep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.crmpulse.contract.Metric;
import io.crmpulse.contract.SeriesKey;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.jobs.metrics.SeriesUpdate;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DealAggregatorTest {
  private static final long FLUSH_MS = 500;

  private KeyedTwoInputStreamOperatorTestHarness<String, DealContribution, CrmEvent, SeriesUpdate> harness;
  /** The snapshot topic as the exporter sees it: the last write per key. */
  private final Map<String, Double> published = new TreeMap<>();
  /** Output already applied, and what the last flush wrote. */
  private int seen;
  private List<SeriesUpdate> lastFlush = List.of();
  private int contributions;

  @BeforeEach
  void setUp() throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
        new DealAggregator(Duration.ofMillis(FLUSH_MS), ZoneOffset.UTC),
        c -> c.ownerId, e -> e.getRep().getId(), Types.STRING);
    harness.setProcessingTime(0);
    harness.processElement2(rep("r1", "north", "UTC", T0), T0.toEpochMilli());
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  @Test
  void sumsEachSeriesPerLabelSet() throws Exception {
    send(open("d1", "proposal", "EUR", 100, 0.5, c -> c.forecastCategory = "commit"));
    send(open("d2", "proposal", "EUR", 250, 0.5, c -> c.neglected = true));
    send(open("d3", "negotiation", "USD", 1000, 0.8, c -> {
      c.forecastCategory = "commit";
      c.stalled = true;
    }));
    flush();
    assertThat(published).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        entry(key(Metric.OPEN_DEALS, "stage", "proposal"), 2.0),
        entry(key(Metric.OPEN_DEALS, "stage", "negotiation"), 1.0),
        entry(key(Metric.PIPELINE_AMOUNT, "stage", "proposal", "currency", "EUR"), 350.0),
        entry(key(Metric.PIPELINE_AMOUNT, "stage", "negotiation", "currency", "USD"), 1000.0),
        entry(key(Metric.WEIGHTED_PIPELINE_AMOUNT, "stage", "proposal", "currency", "EUR"), 175.0),
        entry(key(Metric.WEIGHTED_PIPELINE_AMOUNT, "stage", "negotiation", "currency", "USD"), 800.0),
        entry(key(Metric.FORECAST_AMOUNT, "forecast_category", "commit", "currency", "EUR"), 100.0),
        entry(key(Metric.FORECAST_AMOUNT, "forecast_category", "pipeline", "currency", "EUR"), 250.0),
        entry(key(Metric.FORECAST_AMOUNT, "forecast_category", "commit", "currency", "USD"), 1000.0),
        entry(key(Metric.NEGLECTED_DEALS), 1.0),
        entry(key(Metric.STALLED_DEALS, "stage", "negotiation"), 1.0)));
    // Deal series hold at any time: no period; the event time is the newest contribution's.
    SeriesUpdate any = harness.extractOutputValues().get(0);
    assertThat(any.snapshot.getPeriodStart()).isNull();
    assertThat(any.snapshot.getEventTime()).isEqualTo(T0.plusSeconds(3));
  }

  @Test
  void busyDealsAreCountedPerStageAndVanishWhenTheyStopBeingBusy() throws Exception {
    send(open("d1", "proposal", "EUR", 100, 0.5, c -> c.busy = true));
    send(open("d2", "proposal", "EUR", 100, 0.5, c -> {
      c.busy = true;
      c.stalled = true;
    }));
    send(open("d3", "negotiation", "EUR", 100, 0.8, c -> c.busy = true));
    send(open("d4", "negotiation", "EUR", 100, 0.8, c -> {}));
    flush();
    assertThat(published)
        .containsEntry(key(Metric.BUSY_DEALS, "stage", "proposal"), 2.0)
        .containsEntry(key(Metric.BUSY_DEALS, "stage", "negotiation"), 1.0)
        .containsEntry(key(Metric.STALLED_DEALS, "stage", "proposal"), 1.0);

    // d3's touches left the window: its stage has no busy deal, and the series goes.
    send(open("d3", "negotiation", "EUR", 100, 0.8, c -> {}));
    flush();
    assertThat(removedInLastFlush()).containsExactly(key(Metric.BUSY_DEALS, "stage", "negotiation"));
    // A closed deal is never busy, whatever it carried before.
    send(closed("d1", "won", 100, true, c -> c.busy = true));
    flush();
    assertThat(published).containsEntry(key(Metric.BUSY_DEALS, "stage", "proposal"), 1.0);
  }

  @Test
  void amountsAreSummedExactly() throws Exception {
    send(open("d1", "proposal", "EUR", 0.1, 0.5, c -> {}));
    send(open("d2", "proposal", "EUR", 0.2, 0.5, c -> {}));
    flush();
    assertThat(0.1 + 0.2).isNotEqualTo(0.3);
    assertThat(published)
        .containsEntry(key(Metric.PIPELINE_AMOUNT, "stage", "proposal", "currency", "EUR"), 0.3)
        .containsEntry(key(Metric.WEIGHTED_PIPELINE_AMOUNT, "stage", "proposal", "currency", "EUR"), 0.15)
        .containsEntry(key(Metric.FORECAST_AMOUNT, "forecast_category", "pipeline", "currency", "EUR"), 0.3);
  }

  @Test
  void seriesThatSumToZeroAreNotPublished() throws Exception {
    send(open("d1", "prospecting", "EUR", 0, 0.1, c -> {}));
    flush();
    // Open, so counted; no amount, not neglected, not stalled, nothing closed: nothing else.
    assertThat(published).containsOnlyKeys(key(Metric.OPEN_DEALS, "stage", "prospecting"));
  }

  @Test
  void theWinRateIsPublishedWheneverADealClosedInTheWindowEvenAtZero() throws Exception {
    send(closed("d1", "lost", 300, true, c -> c.lostReason = "price"));
    flush();
    assertThat(published).containsExactlyInAnyOrderEntriesOf(Map.of(
        key(Metric.DEALS_LOST, "window", "30d", "reason", "price"), 1.0,
        key(Metric.DEALS_LOST, "window", "90d", "reason", "price"), 1.0,
        key(Metric.WIN_RATE, "window", "30d"), 0.0,
        key(Metric.WIN_RATE, "window", "90d"), 0.0));

    // Won 40 days ago: in the 90-day window only.
    send(closed("d2", "won", 500, false, c -> {}));
    flush();
    assertThat(published)
        .containsEntry(key(Metric.WIN_RATE, "window", "30d"), 0.0)
        .containsEntry(key(Metric.WIN_RATE, "window", "90d"), 0.5)
        .containsEntry(key(Metric.DEALS_WON, "window", "90d"), 1.0)
        .containsEntry(key(Metric.WON_AMOUNT, "window", "90d", "currency", "EUR"), 500.0)
        .doesNotContainKeys(key(Metric.DEALS_WON, "window", "30d"),
            key(Metric.WON_AMOUNT, "window", "30d", "currency", "EUR"));
  }

  @Test
  void stageExitsFillTheCumulativeDayBuckets() throws Exception {
    send(open("d1", "negotiation", "EUR", 100, 0.8, c -> c.exits = new StageExit[] {
        new StageExit("proposal", "advanced", T0.toEpochMilli(), 5.0)}));
    flush();
    assertThat(published).containsEntry(key(Metric.STAGE_EXITS, "stage", "proposal", "outcome", "advanced"), 1.0);
    for (String le : List.of("7", "14", "21", "30", "45", "60", "90", "+Inf")) {
      assertThat(published).containsEntry(key(Metric.STAGE_EXITS_WITHIN, "stage", "proposal", "max_days", le), 1.0);
    }
    assertThat(published).doesNotContainKeys(key(Metric.STAGE_EXITS_WITHIN, "stage", "proposal", "max_days", "1"),
        key(Metric.STAGE_EXITS_WITHIN, "stage", "proposal", "max_days", "3"));
  }

  @Test
  void aRemovalMakesTheDealsSeriesVanish() throws Exception {
    send(open("d1", "proposal", "EUR", 100, 0.5, c -> {}));
    send(open("d2", "negotiation", "USD", 1000, 0.8, c -> {}));
    flush();
    harness.processElement1(DealContribution.removal("d2", "r1", T0.plusSeconds(10).toEpochMilli()),
        T0.plusSeconds(10).toEpochMilli());
    flush();
    assertThat(removedInLastFlush()).containsExactlyInAnyOrder(
        key(Metric.OPEN_DEALS, "stage", "negotiation"),
        key(Metric.PIPELINE_AMOUNT, "stage", "negotiation", "currency", "USD"),
        key(Metric.WEIGHTED_PIPELINE_AMOUNT, "stage", "negotiation", "currency", "USD"),
        key(Metric.FORECAST_AMOUNT, "forecast_category", "pipeline", "currency", "USD"));
    assertThat(published).containsOnlyKeys(
        key(Metric.OPEN_DEALS, "stage", "proposal"),
        key(Metric.PIPELINE_AMOUNT, "stage", "proposal", "currency", "EUR"),
        key(Metric.WEIGHTED_PIPELINE_AMOUNT, "stage", "proposal", "currency", "EUR"),
        key(Metric.FORECAST_AMOUNT, "forecast_category", "pipeline", "currency", "EUR"));

    harness.processElement1(DealContribution.removal("d1", "r1", T0.plusSeconds(11).toEpochMilli()),
        T0.plusSeconds(11).toEpochMilli());
    flush();
    assertThat(published).isEmpty();
    // All the rep's key holds now is its rep record; no timer is left.
    assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    assertThat(harness.numProcessingTimeTimers()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aChangedContributionReplacesTheDealsEarlierOne() throws Exception {
    send(open("d1", "proposal", "EUR", 100, 0.5, c -> {}));
    flush();
    send(open("d1", "negotiation", "EUR", 100, 0.8, c -> {}));
    flush();
    assertThat(published)
        .containsEntry(key(Metric.OPEN_DEALS, "stage", "negotiation"), 1.0)
        .doesNotContainKey(key(Metric.OPEN_DEALS, "stage", "proposal"));
  }

  @Test
  void theTeamLabelComesFromTheRepRecord() throws Exception {
    DealContribution unknownRep = open("d9", "proposal", "EUR", 100, 0.5, c -> {});
    unknownRep.ownerId = "r2";
    send(unknownRep);
    send(open("d1", "proposal", "EUR", 100, 0.5, c -> {}));
    flush();
    assertThat(published).containsKeys(
        SeriesKey.of(Metric.OPEN_DEALS.seriesName(), Map.of("rep", "r2", "team", "unknown", "stage", "proposal"), null),
        key(Metric.OPEN_DEALS, "stage", "proposal"));

    harness.processElement2(rep("r1", "south", "UTC", T0.plusSeconds(60)), T0.plusSeconds(60).toEpochMilli());
    flush();
    assertThat(published)
        .containsKey(SeriesKey.of(Metric.OPEN_DEALS.seriesName(), Map.of("rep", "r1", "team", "south", "stage", "proposal"), null))
        .doesNotContainKey(key(Metric.OPEN_DEALS, "stage", "proposal"));
  }

  // ---- plumbing

  private void send(DealContribution c) throws Exception {
    c.eventTime = T0.plusSeconds(++contributions).toEpochMilli();
    harness.processElement1(c, c.eventTime);
  }

  private void flush() throws Exception {
    harness.setProcessingTime(harness.getProcessingTime() + FLUSH_MS);
    List<SeriesUpdate> updates = harness.extractOutputValues();
    published.clear();
    for (SeriesUpdate update : updates) {
      if (update.isRemoval()) {
        published.remove(update.key);
      } else {
        published.put(update.key, update.snapshot.getValue());
      }
    }
    lastFlush = updates.subList(seen, updates.size());
    seen = updates.size();
  }

  private List<String> removedInLastFlush() {
    return lastFlush.stream().filter(SeriesUpdate::isRemoval).map(u -> u.key).toList();
  }

  private static String key(Metric metric, String... labels) {
    Map<String, String> all = new HashMap<>(Map.of("rep", "r1", "team", "north"));
    for (int i = 0; i < labels.length; i += 2) {
      all.put(labels[i], labels[i + 1]);
    }
    return SeriesKey.of(metric.seriesName(), all, null);
  }

  private static DealContribution open(String dealId, String stage, String currency, double amount,
      double probability, Consumer<DealContribution> edit) {
    DealContribution c = new DealContribution();
    c.dealId = dealId;
    c.ownerId = "r1";
    c.open = true;
    c.stage = stage;
    c.currency = currency;
    c.amount = amount;
    c.probability = probability;
    c.forecastCategory = "pipeline";
    edit.accept(c);
    return c;
  }

  /** Closed within 90 days; within 30 days too when {@code recent}. */
  private static DealContribution closed(String dealId, String status, double amount, boolean recent,
      Consumer<DealContribution> edit) {
    DealContribution c = new DealContribution();
    c.dealId = dealId;
    c.ownerId = "r1";
    c.currency = "EUR";
    c.amount = amount;
    boolean won = status.equals("won");
    c.wonIn90d = won;
    c.wonIn30d = won && recent;
    c.lostIn90d = !won;
    c.lostIn30d = !won && recent;
    edit.accept(c);
    return c;
  }
}
