package io.crmpulse.jobs.activity;

import io.crmpulse.contract.Metric;
import io.crmpulse.events.MetricSnapshot;
import io.crmpulse.jobs.metrics.PublishedSeries;
import io.crmpulse.jobs.metrics.RepSeriesAggregator;
import io.crmpulse.jobs.metrics.SeriesUpdate;
import io.crmpulse.jobs.time.EvaluationTimer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.util.Collector;

/**
 * Keyed by rep: holds the contributions of the rep's activities, logins and opportunities and
 * publishes the rep's activity series: those of calendar periods ({@link PeriodSeries}) for every
 * period instance it holds, each with its start and end, so the exporter serves the one containing
 * its now; those of rolling windows ({@link WindowSeries}) and the pace ({@link CallPacing}) as of
 * now; and the rep's daily call target.
 *
 * <p>Now is the wall clock live and as-of in replay. Live, a processing-time timer fires at the
 * next instant a window or pace value changes with time alone, with no event anywhere; a replay
 * computes them at as-of at its end-of-input flush.
 *
 * <p>A contribution is kept until event time passes {@link #retention} after it occurred, plus the
 * allowed lateness: by then its month has ended in every time zone and it has left every window
 * and trailing day, so a later change of the rep's zone, or a rep record that arrives after the
 * rep's first calls, regroups what is held without losing a count. Its series are then removed.
 */
public class RepActivityAggregator extends RepSeriesAggregator<ActivityContribution> {
  private static final long serialVersionUID = 1L;

  /** A month has at most 31 days; a day for a local day of 25 hours or a change of zone. */
  public static final Duration RETENTION = Duration.ofDays(32);
  /** Expiry timers are rounded up to this, so that a day's calls need a few timers, not one each. */
  private static final long EXPIRY_GRAIN = Duration.ofHours(1).toMillis();

  private final long latenessMillis;
  private final long retentionMillis;
  private final PacingSettings pacing;
  /** Replay: the instant every series is computed at. Null live. */
  private final Long asOf;
  private transient MapState<String, Contribution> contributions;
  /** Live: one processing-time timer, at the next instant a value changes with time alone. */
  private transient EvaluationTimer nextChangeTimer;
  /** The now of the publish in progress, and the next change it found: set by onTimer. */
  private transient long now;
  private transient long nextChange;

  /** @param replayAsOf the instant a replay serves at; null for the live job */
  public RepActivityAggregator(Duration lateness, Duration flushInterval, ZoneId defaultTimeZone,
      PacingSettings pacing, Instant replayAsOf) {
    super(flushInterval, defaultTimeZone);
    this.latenessMillis = lateness.toMillis();
    this.retentionMillis = retention(pacing).toMillis();
    this.pacing = pacing;
    this.asOf = replayAsOf == null ? null : replayAsOf.toEpochMilli();
  }

  /** How long contributions are held: {@link #RETENTION}, or longer for far-reaching pacing. */
  public static Duration retention(PacingSettings pacing) {
    Duration lookBack = pacing.lookBack();
    return lookBack.compareTo(RETENTION) > 0 ? lookBack : RETENTION;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    super.open(openContext);
    contributions = getRuntimeContext().getMapState(new MapStateDescriptor<>(
        "contributions", Types.STRING, Types.POJO(Contribution.class)));
    nextChangeTimer = new EvaluationTimer(getRuntimeContext());
  }

  @Override
  public void processElement1(ActivityContribution change, Context ctx,
      Collector<SeriesUpdate> out) throws Exception {
    long expiry = expiry(change.occurredAt);
    if (change.removal || expiry <= ctx.timerService().currentWatermark()) {
      // A record moved to a time that is over everywhere no longer counts for anything held,
      // and must stop counting where it counted before.
      contributions.remove(change.activityId);
    } else {
      contributions.put(change.activityId, new Contribution(change));
      ctx.timerService().registerEventTimeTimer(expiry);
    }
    armFlush(ctx);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<SeriesUpdate> out)
      throws Exception {
    TimerService timers = ctx.timerService();
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      nextChangeTimer.fired(timestamp);
    }
    now = asOf != null ? asOf : timers.currentProcessingTime();
    nextChange = Long.MAX_VALUE;
    super.onTimer(timestamp, ctx, out);
    if (asOf == null) {
      nextChangeTimer.exactlyAt(timers, nextChange);
    }
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
    List<Contribution> held = new ArrayList<>();
    contributions.values().forEach(held::add);
    Map<String, MetricSnapshot> desired = new HashMap<>();
    PeriodSeries.add(desired, labels, zone, held);
    WindowSeries.add(desired, labels, now, held);
    CallPacing.add(desired, labels, zone, now, pacing, held);
    nextChange = Math.min(WindowSeries.nextChange(now, held),
        CallPacing.nextChange(zone, now, pacing, held));
    Integer target = rep == null || rep.deleted ? null
        : pacing.dailyCallTarget(rep.dailyCallTarget, rep.team);
    if (target != null) {
      // A property of the rep, not of a day: it holds until the rep record changes.
      PublishedSeries.put(desired, Metric.DAILY_CALL_TARGET.seriesName(), labels,
          target, rep.eventTime, null, null);
    }
    return desired;
  }

  private long expiry(long occurredAt) {
    long at = occurredAt + retentionMillis + latenessMillis;
    return at > Long.MAX_VALUE - EXPIRY_GRAIN ? at
        : Math.floorDiv(at + EXPIRY_GRAIN - 1, EXPIRY_GRAIN) * EXPIRY_GRAIN;
  }
}
