package io.crmpulse.jobs.prospect;

import io.crmpulse.contract.Metric;
import io.crmpulse.contract.SeriesKey;
import io.crmpulse.events.MetricSnapshot;
import io.crmpulse.jobs.activity.RepProfile;
import io.crmpulse.jobs.metrics.CalendarPeriod;
import io.crmpulse.jobs.metrics.PublishedSeries;
import io.crmpulse.jobs.metrics.RepSeriesAggregator;
import io.crmpulse.jobs.metrics.SeriesUpdate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;

/**
 * Keyed by rep: sums what each prospect contributes into the rep's lead and follow-up series. A
 * dated fact counts in the rep's today, week and month (in the rep's zone) containing it, published
 * as one snapshot per period instance with its start and end, so the exporter serves the instance
 * containing its now; window facts (given up, follow-ups before response) are published without a
 * period. Zero counts are left out.
 *
 * <p>A dated fact is dropped once event time passes {@link ProspectSettings#PERIOD_HORIZON} after
 * it, plus the allowed lateness: by then no period containing it contains now, in any zone.
 */
public class RepProspectAggregator extends RepSeriesAggregator<ProspectContribution> {
  private static final long serialVersionUID = 1L;
  /** Upper bounds (seconds) of the speed-to-lead buckets. */
  static final List<Integer> SECOND_BUCKETS = List.of(60, 300, 900, 1800, 3600, 14400, 28800, 86400);
  /** Upper bounds of the follow-ups-before-response buckets. */
  static final List<Integer> FOLLOWUP_BUCKETS = List.of(0, 1, 2, 3, 4, 5, 6, 8, 10);
  private static final String INF = "+Inf";
  private static final String WINDOW_30D = "30d";
  private static final long DAY = Duration.ofDays(1).toMillis();

  private final long keepMillis;
  private transient MapState<String, ProspectContribution> prospects;

  public RepProspectAggregator(Duration lateness, Duration flushInterval, ZoneId defaultTimeZone) {
    super(flushInterval, defaultTimeZone);
    this.keepMillis = ProspectSettings.PERIOD_HORIZON.toMillis() + lateness.toMillis();
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    super.open(openContext);
    prospects = getRuntimeContext().getMapState(new MapStateDescriptor<>(
        "prospects", Types.STRING, Types.POJO(ProspectContribution.class)));
  }

  @Override
  public void processElement1(ProspectContribution change, Context ctx,
      Collector<SeriesUpdate> out) throws Exception {
    ProspectContribution kept = pruned(change, ctx.timerService().currentWatermark());
    if (kept.isEmpty()) {
      prospects.remove(change.prospectKey);
    } else {
      prospects.put(change.prospectKey, kept);
      for (ProspectFact f : kept.facts) {
        if (f.dated()) {
          // Rounded up to a whole day, so a rep has a few dozen timers, not one per fact.
          ctx.timerService().registerEventTimeTimer(Math.floorDiv(f.at + keepMillis, DAY) * DAY + DAY);
        }
      }
    }
    if (prospects.isEmpty()) {
      prospects.clear();
    }
    armFlush(ctx);
  }

  @Override
  protected void onEventTime(long eventTime) throws Exception {
    List<ProspectContribution> changed = new ArrayList<>();
    for (ProspectContribution c : prospects.values()) {
      ProspectContribution kept = pruned(c, eventTime);
      if (kept != c) {
        changed.add(kept);
      }
    }
    for (ProspectContribution kept : changed) {
      if (kept.isEmpty()) {
        prospects.remove(kept.prospectKey);
      } else {
        prospects.put(kept.prospectKey, kept);
      }
    }
    if (prospects.isEmpty()) {
      prospects.clear();
    }
  }

  /** {@code c} without its dated facts that have expired at {@code watermark}; {@code c} if none. */
  private ProspectContribution pruned(ProspectContribution c, long watermark) {
    List<ProspectFact> kept = new ArrayList<>();
    for (ProspectFact f : c.facts) {
      if (!f.dated() || f.at + keepMillis > watermark) {
        kept.add(f);
      }
    }
    return kept.size() == c.facts.length ? c
        : ProspectContribution.of(c.prospectKey, c.repId, c.eventTime, kept.toArray(ProspectFact[]::new));
  }

  @Override
  protected Map<String, MetricSnapshot> desired(Map<String, String> labels, ZoneId zone,
      RepProfile rep) throws Exception {
    Sums sums = new Sums(labels, zone);
    Set<String> followedUp = new HashSet<>();
    for (ProspectContribution c : prospects.values()) {
      sums.newest = Math.max(sums.newest, c.eventTime);
      for (ProspectFact f : c.facts) {
        switch (f.kind) {
          case ProspectFact.LEAD -> sums.dated(Metric.LEADS, f.at, Metric.SOURCE, f.label);
          case ProspectFact.PURSUED -> sums.dated(Metric.LEADS_PURSUED, f.at, Metric.SOURCE, f.label);
          case ProspectFact.CONTACTED -> sums.dated(Metric.LEADS_CONTACTED, f.at, Metric.SOURCE, f.label);
          case ProspectFact.DISPOSITION ->
              sums.dated(Metric.LEADS_BY_DISPOSITION, f.at, Metric.DISPOSITION, f.label);
          case ProspectFact.SPEED -> {
            for (int bound : SECOND_BUCKETS) {
              if (f.value <= bound * 1000L) {
                sums.dated(Metric.SPEED_TO_LEAD_WITHIN, f.at, Metric.MAX_SECONDS, String.valueOf(bound));
              }
            }
            sums.dated(Metric.SPEED_TO_LEAD_WITHIN, f.at, Metric.MAX_SECONDS, INF);
          }
          case ProspectFact.SLA_BREACHED -> sums.dated(Metric.LEADS_SLA_BREACHED, f.at);
          case ProspectFact.CALL_BY_STATUS ->
              sums.dated(Metric.CALLS_BY_LEAD_STATUS, f.at, Metric.LEAD_STATUS, f.label);
          case ProspectFact.FOLLOWUP -> {
            // A call that names a lead and its deal follows up both, but is one touch.
            if (followedUp.add(f.label)) {
              sums.dated(Metric.FOLLOWUPS, f.at);
            }
          }
          case ProspectFact.GIVEN_UP -> sums.window(Metric.LEADS_GIVEN_UP, Metric.WINDOW, WINDOW_30D);
          case ProspectFact.BEFORE_RESPONSE -> {
            for (int bound : FOLLOWUP_BUCKETS) {
              if (f.value <= bound) {
                sums.window(Metric.FOLLOWUPS_BEFORE_RESPONSE, Metric.WINDOW, WINDOW_30D,
                    Metric.MAX_FOLLOWUPS, String.valueOf(bound));
              }
            }
            sums.window(Metric.FOLLOWUPS_BEFORE_RESPONSE, Metric.WINDOW, WINDOW_30D,
                Metric.MAX_FOLLOWUPS, INF);
          }
          default -> throw new IllegalStateException("unknown prospect fact kind " + f.kind);
        }
      }
    }
    return sums.snapshots();
  }

  /** Counts per series and period instance. */
  private static final class Sums {
    final Map<String, String> rep;
    final ZoneId zone;
    final Map<String, Count> counts = new HashMap<>();
    long newest = Long.MIN_VALUE;

    Sums(Map<String, String> rep, ZoneId zone) {
      this.rep = rep;
      this.zone = zone;
    }

    /** One in the rep's today, week and month containing {@code at}. */
    void dated(Metric metric, long at, String... extra) {
      LocalDate day = Instant.ofEpochMilli(at).atZone(zone).toLocalDate();
      for (CalendarPeriod period : CalendarPeriod.containing(day)) {
        add(metric, period.label(), period.start(), period.end(), extra);
      }
    }

    private void add(Metric metric, String period, LocalDate from, LocalDate to, String[] extra) {
      Map<String, String> labels = labels(extra);
      labels.put(Metric.PERIOD, period);
      Instant start = from.atStartOfDay(zone).toInstant();
      Instant end = to.atStartOfDay(zone).toInstant();
      counts.computeIfAbsent(SeriesKey.of(metric.seriesName(), labels, start),
          k -> new Count(metric, labels, start, end)).value++;
    }

    void window(Metric metric, String... extra) {
      Map<String, String> labels = labels(extra);
      counts.computeIfAbsent(SeriesKey.of(metric.seriesName(), labels, null),
          k -> new Count(metric, labels, null, null)).value++;
    }

    private Map<String, String> labels(String[] extra) {
      Map<String, String> labels = new HashMap<>(rep);
      for (int i = 0; i < extra.length; i += 2) {
        labels.put(extra[i], extra[i + 1]);
      }
      return labels;
    }

    Map<String, MetricSnapshot> snapshots() {
      Map<String, MetricSnapshot> desired = new HashMap<>();
      for (Count c : counts.values()) {
        PublishedSeries.put(desired, c.metric.seriesName(), c.labels, c.value, newest, c.start, c.end);
      }
      return desired;
    }
  }

  private static final class Count {
    final Metric metric;
    final Map<String, String> labels;
    final Instant start;
    final Instant end;
    long value;

    Count(Metric metric, Map<String, String> labels, Instant start, Instant end) {
      this.metric = metric;
      this.labels = labels;
      this.start = start;
      this.end = end;
    }
  }
}
