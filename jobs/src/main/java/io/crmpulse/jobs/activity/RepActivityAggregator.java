package io.crmpulse.jobs.activity;

import io.crmpulse.contract.Metric;
import io.crmpulse.events.MetricSnapshot;
import io.crmpulse.jobs.metrics.PublishedSeries;
import io.crmpulse.jobs.metrics.RepSeriesAggregator;
import io.crmpulse.jobs.metrics.SeriesUpdate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;

/**
 * Keyed by rep: holds the contributions of the rep's activities and publishes the rep's "today"
 * series for every local day it holds, each with that day's start and end, so the exporter serves
 * the day containing its now, and the rep's daily call target.
 *
 * <p>A contribution is kept until event time passes {@link #RETENTION} after it occurred, plus the
 * allowed lateness: by then its local day has ended in every time zone, so a later change of the
 * rep's zone, or a rep record that arrives after the rep's first calls, regroups what is held
 * without losing a count. Its series are then removed from the topic.
 */
public class RepActivityAggregator extends RepSeriesAggregator<ActivityContribution> {
  private static final long serialVersionUID = 1L;

  /** In any time zone the local day containing an instant ends at most 25 hours later (DST). */
  static final Duration RETENTION = Duration.ofHours(26);

  private final long latenessMillis;
  private transient MapState<String, Contribution> contributions;

  public RepActivityAggregator(Duration lateness, Duration flushInterval, ZoneId defaultTimeZone) {
    super(flushInterval, defaultTimeZone);
    this.latenessMillis = lateness.toMillis();
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    super.open(openContext);
    contributions = getRuntimeContext().getMapState(new MapStateDescriptor<>(
        "contributions", Types.STRING, Types.POJO(Contribution.class)));
  }

  @Override
  public void processElement1(ActivityContribution change, Context ctx,
      Collector<SeriesUpdate> out) throws Exception {
    long expiry = expiry(change.occurredAt);
    if (change.removal || expiry <= ctx.timerService().currentWatermark()) {
      // An activity moved to a day that is over everywhere no longer counts for any held day,
      // and must stop counting where it counted before.
      contributions.remove(change.activityId);
    } else {
      contributions.put(change.activityId,
          new Contribution(change.occurredAt, change.kinds, change.eventTime));
      ctx.timerService().registerEventTimeTimer(expiry);
    }
    armFlush(ctx);
  }

  @Override
  protected void onEventTime(long eventTime) throws Exception {
    Iterator<Map.Entry<String, Contribution>> it = contributions.iterator();
    while (it.hasNext()) {
      if (expiry(it.next().getValue().occurredAt) <= eventTime) {
        it.remove();
      }
    }
    if (contributions.isEmpty()) {
      // Removing through the iterator leaves an empty map behind as a state entry.
      contributions.clear();
    }
  }

  @Override
  protected Map<String, MetricSnapshot> desired(Map<String, String> labels, ZoneId zone,
      RepProfile rep) throws Exception {
    Map<LocalDate, DayCounts> days = new TreeMap<>();
    for (Contribution c : contributions.values()) {
      days.computeIfAbsent(localDay(c.occurredAt, zone), d -> new DayCounts()).add(c.kinds, c.eventTime);
    }
    Map<String, MetricSnapshot> desired = new HashMap<>();
    days.forEach((day, counts) -> {
      Instant start = day.atStartOfDay(zone).toInstant();
      Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
      long eventTime = counts.newestEventTime;
      PublishedSeries.put(desired, Metric.CALLS_TODAY.seriesName(), labels,
          counts.outboundCalls, eventTime, start, end);
      PublishedSeries.put(desired, Metric.CONVERSATIONS_TODAY.seriesName(), labels,
          counts.conversations, eventTime, start, end);
      if (counts.outboundCalls > 0) {
        PublishedSeries.put(desired, Metric.CONTACT_RATIO_TODAY.seriesName(), labels,
            (double) counts.connectedOutboundCalls / counts.outboundCalls, eventTime, start, end);
      }
    });
    if (rep != null && !rep.deleted && rep.dailyCallTarget != null) {
      // A property of the rep, not of a day: it holds until the rep record changes.
      PublishedSeries.put(desired, Metric.DAILY_CALL_TARGET.seriesName(), labels,
          rep.dailyCallTarget, rep.eventTime, null, null);
    }
    return desired;
  }

  private static LocalDate localDay(long instant, ZoneId zone) {
    return Instant.ofEpochMilli(instant).atZone(zone).toLocalDate();
  }

  private long expiry(long occurredAt) {
    return occurredAt + RETENTION.toMillis() + latenessMillis;
  }
}
