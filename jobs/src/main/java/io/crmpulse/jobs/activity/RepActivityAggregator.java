package io.crmpulse.jobs.activity;

import io.crmpulse.contract.Metric;
import io.crmpulse.events.ChangeType;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.MetricSnapshot;
import io.crmpulse.events.Rep;
import io.crmpulse.jobs.metrics.JobFigures;
import io.crmpulse.jobs.metrics.PublishedSeries;
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
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by rep: holds the contributions of the rep's activities and the rep's record (time zone,
 * team), and publishes the rep's "today" series for every local day it holds, each with that
 * day's start and end, so the exporter serves the day containing its now.
 *
 * <p>Changes are coalesced: the first change arms a flush after the flush interval (processing
 * time, so the wall moves while events flow) and a flush at the end of event time (so a bounded
 * replay publishes its final state even though processing-time timers do not fire at the end).
 *
 * <p>A contribution is kept until event time passes {@link #RETENTION} after it occurred, plus the
 * allowed lateness: by then its local day has ended in every time zone, so a later change of the
 * rep's zone, or a rep record that arrives after the rep's first calls, regroups what is held
 * without losing a count. Its series are then removed from the topic.
 */
public class RepActivityAggregator
    extends KeyedCoProcessFunction<String, ActivityContribution, CrmEvent, SeriesUpdate> {
  private static final long serialVersionUID = 1L;
  private static final long END_OF_TIME = Long.MAX_VALUE;

  /** In any time zone the local day containing an instant ends at most 25 hours later (DST). */
  static final Duration RETENTION = Duration.ofHours(26);

  private final long latenessMillis;
  private final long flushIntervalMillis;
  private final String defaultTimeZone;

  private transient ValueState<RepProfile> profile;
  private transient MapState<String, Contribution> contributions;
  private transient ValueState<Boolean> flushArmed;
  private transient PublishedSeries published;
  private transient JobFigures.Figure snapshots;

  public RepActivityAggregator(Duration lateness, Duration flushInterval, ZoneId defaultTimeZone) {
    this.latenessMillis = lateness.toMillis();
    this.flushIntervalMillis = flushInterval.toMillis();
    this.defaultTimeZone = defaultTimeZone.getId();
  }

  @Override
  public void open(OpenContext openContext) {
    profile = getRuntimeContext().getState(new ValueStateDescriptor<>("rep", RepProfile.class));
    contributions = getRuntimeContext().getMapState(new MapStateDescriptor<>(
        "contributions", Types.STRING, Types.POJO(Contribution.class)));
    flushArmed = getRuntimeContext().getState(new ValueStateDescriptor<>("flush-armed", Types.BOOLEAN));
    published = new PublishedSeries(getRuntimeContext().getMapState(PublishedSeries.descriptor()));
    snapshots = JobFigures.figure(getRuntimeContext(), JobFigures.SNAPSHOTS);
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
  public void processElement2(CrmEvent event, Context ctx, Collector<SeriesUpdate> out)
      throws Exception {
    RepProfile held = profile.value();
    if (held != null && RecordVersion.compare(event, held.eventTime, held.eventId) <= 0) {
      return;
    }
    RepProfile next = new RepProfile();
    next.eventTime = event.getEventTime().toEpochMilli();
    next.eventId = event.getEventId();
    next.deleted = event.getChange() == ChangeType.DELETED;
    if (!next.deleted) {
      Rep rep = event.getRep();
      next.team = rep.getTeam();
      next.timeZone = rep.getTimeZone();
    }
    profile.update(next);
    armFlush(ctx);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<SeriesUpdate> out)
      throws Exception {
    boolean endOfInput = ctx.timerService().currentWatermark() == END_OF_TIME;
    if (ctx.timeDomain() == TimeDomain.EVENT_TIME && timestamp != END_OF_TIME && !endOfInput) {
      dropExpired(timestamp);
    }
    flush(ctx, out);
  }

  private void armFlush(Context ctx) throws Exception {
    if (flushArmed.value() == null) {
      flushArmed.update(true);
      ctx.timerService().registerProcessingTimeTimer(
          ctx.timerService().currentProcessingTime() + flushIntervalMillis);
      ctx.timerService().registerEventTimeTimer(END_OF_TIME);
    }
  }

  private void dropExpired(long eventTime) throws Exception {
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

  private void flush(Context ctx, Collector<SeriesUpdate> out) throws Exception {
    flushArmed.clear();
    ctx.timerService().deleteEventTimeTimer(END_OF_TIME);
    ZoneId zone = zone();
    Map<LocalDate, DayCounts> days = new TreeMap<>();
    for (Contribution c : contributions.values()) {
      days.computeIfAbsent(localDay(c.occurredAt, zone), d -> new DayCounts()).add(c.kinds, c.eventTime);
    }
    Map<String, String> labels = labels(ctx.getCurrentKey());
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
    snapshots.add(published.publish(desired, ctx.timerService().currentProcessingTime(), out));
  }

  private Map<String, String> labels(String repId) throws Exception {
    RepProfile rep = profile.value();
    String team = rep == null || rep.deleted || rep.team == null || rep.team.isBlank()
        ? Metric.UNKNOWN_TEAM
        : rep.team;
    return Map.of(Metric.REP, repId, Metric.TEAM, team);
  }

  private ZoneId zone() throws Exception {
    RepProfile rep = profile.value();
    return ZoneId.of(rep == null || rep.deleted || rep.timeZone == null ? defaultTimeZone : rep.timeZone);
  }

  private static LocalDate localDay(long instant, ZoneId zone) {
    return Instant.ofEpochMilli(instant).atZone(zone).toLocalDate();
  }

  private long expiry(long occurredAt) {
    return occurredAt + RETENTION.toMillis() + latenessMillis;
  }
}
