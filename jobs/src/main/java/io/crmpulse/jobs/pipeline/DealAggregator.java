package io.crmpulse.jobs.pipeline;

import io.crmpulse.contract.Metric;
import io.crmpulse.events.MetricSnapshot;
import io.crmpulse.jobs.activity.RepProfile;
import io.crmpulse.jobs.metrics.PublishedSeries;
import io.crmpulse.jobs.metrics.RepSeriesAggregator;
import io.crmpulse.jobs.metrics.SeriesUpdate;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;

/**
 * Keyed by deal owner: sums what each of the rep's deals contributes into the rep's deal series
 * (open, neglected, stalled, busy, pipeline, forecast, won and lost, stage exits). These hold at any
 * time, so their snapshots have no period; a series is published while it is not zero.
 */
public class DealAggregator extends RepSeriesAggregator<DealContribution> {
  private static final long serialVersionUID = 1L;
  /** Upper bounds (days) of the days-in-stage buckets. */
  static final List<Integer> DAY_BUCKETS = List.of(1, 3, 7, 14, 21, 30, 45, 60, 90);
  private static final String INF = "+Inf";

  private transient MapState<String, DealContribution> deals;

  public DealAggregator(Duration flushInterval, ZoneId defaultTimeZone) {
    super(flushInterval, defaultTimeZone);
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    super.open(openContext);
    deals = getRuntimeContext().getMapState(new MapStateDescriptor<>(
        "deals", Types.STRING, Types.POJO(DealContribution.class)));
  }

  @Override
  public void processElement1(DealContribution change, Context ctx, Collector<SeriesUpdate> out)
      throws Exception {
    if (change.removal) {
      deals.remove(change.dealId);
    } else {
      deals.put(change.dealId, change);
    }
    armFlush(ctx);
  }

  @Override
  protected Map<String, MetricSnapshot> desired(Map<String, String> labels, ZoneId zone,
      RepProfile rep) throws Exception {
    Sums sums = new Sums(labels);
    for (DealContribution d : deals.values()) {
      sums.newest = Math.max(sums.newest, d.eventTime);
      if (d.open) {
        sums.add(Metric.OPEN_DEALS, 1, Metric.STAGE, d.stage);
        sums.add(Metric.PIPELINE_AMOUNT, d.amount, Metric.STAGE, d.stage, Metric.CURRENCY, d.currency);
        sums.add(Metric.WEIGHTED_PIPELINE_AMOUNT,
            BigDecimal.valueOf(d.amount).multiply(BigDecimal.valueOf(d.probability)),
            Metric.STAGE, d.stage, Metric.CURRENCY, d.currency);
        sums.add(Metric.FORECAST_AMOUNT, d.amount,
            Metric.FORECAST_CATEGORY, d.forecastCategory, Metric.CURRENCY, d.currency);
        sums.add(Metric.NEGLECTED_DEALS, d.neglected ? 1 : 0);
        sums.add(Metric.STALLED_DEALS, d.stalled ? 1 : 0, Metric.STAGE, d.stage);
        sums.add(Metric.BUSY_DEALS, d.busy ? 1 : 0, Metric.STAGE, d.stage);
      }
      closed(sums, "30d", d.wonIn30d, d.lostIn30d, d);
      closed(sums, "90d", d.wonIn90d, d.lostIn90d, d);
      for (StageExit exit : d.exits) {
        sums.add(Metric.STAGE_EXITS, 1, Metric.STAGE, exit.stage, Metric.OUTCOME, exit.outcome);
        for (int bound : DAY_BUCKETS) {
          sums.add(Metric.STAGE_EXITS_WITHIN, exit.days <= bound ? 1 : 0,
              Metric.STAGE, exit.stage, Metric.MAX_DAYS, String.valueOf(bound));
        }
        sums.add(Metric.STAGE_EXITS_WITHIN, 1, Metric.STAGE, exit.stage, Metric.MAX_DAYS, INF);
      }
    }
    return sums.snapshots();
  }

  private static void closed(Sums sums, String window, boolean won, boolean lost, DealContribution d) {
    sums.add(Metric.DEALS_WON, won ? 1 : 0, Metric.WINDOW, window);
    sums.add(Metric.WON_AMOUNT, won ? d.amount : 0, Metric.WINDOW, window, Metric.CURRENCY, d.currency);
    sums.add(Metric.DEALS_LOST, lost ? 1 : 0, Metric.WINDOW, window, Metric.REASON, d.lostReason);
    if (won || lost) {
      sums.closed.merge(window, new int[] {won ? 1 : 0, 1}, (a, b) -> new int[] {a[0] + b[0], a[1] + b[1]});
    }
  }

  /**
   * Running sums per series; zero sums are left out, except win rates. Sums are exact decimals, so
   * a total never depends on the order deals are added in.
   */
  private static final class Sums {
    final Map<String, String> rep;
    final Map<Map<String, String>, BigDecimal> byLabels = new LinkedHashMap<>();
    final Map<Map<String, String>, Metric> metricOf = new HashMap<>();
    final Map<String, int[]> closed = new LinkedHashMap<>();
    long newest = Long.MIN_VALUE;

    Sums(Map<String, String> rep) {
      this.rep = rep;
    }

    void add(Metric metric, double value, String... extra) {
      add(metric, BigDecimal.valueOf(value), extra);
    }

    void add(Metric metric, BigDecimal value, String... extra) {
      if (value.signum() == 0) {
        return;
      }
      Map<String, String> labels = new HashMap<>(rep);
      for (int i = 0; i < extra.length; i += 2) {
        labels.put(extra[i], extra[i + 1]);
      }
      labels.put("__name__", metric.seriesName());
      metricOf.put(labels, metric);
      byLabels.merge(labels, value, BigDecimal::add);
    }

    Map<String, MetricSnapshot> snapshots() {
      closed.forEach((window, wonAndClosed) ->
          put(Metric.WIN_RATE, Map.of(Metric.WINDOW, window), (double) wonAndClosed[0] / wonAndClosed[1]));
      Map<String, MetricSnapshot> desired = new HashMap<>();
      byLabels.forEach((labels, sum) -> {
        Map<String, String> plain = new HashMap<>(labels);
        plain.remove("__name__");
        PublishedSeries.put(desired, metricOf.get(labels).seriesName(), plain, sum.doubleValue(),
            newest, null, null);
      });
      return desired;
    }

    private void put(Metric metric, Map<String, String> extra, double value) {
      Map<String, String> labels = new HashMap<>(rep);
      labels.putAll(extra);
      labels.put("__name__", metric.seriesName());
      metricOf.put(labels, metric);
      byLabels.put(labels, BigDecimal.valueOf(value));
    }
  }
}
