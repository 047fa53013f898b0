package io.crmpulse.jobs.metrics;

import io.crmpulse.contract.Metric;
import io.crmpulse.events.ChangeType;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.MetricSnapshot;
import io.crmpulse.events.Rep;
import io.crmpulse.jobs.activity.RecordVersion;
import io.crmpulse.jobs.activity.RepProfile;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by rep: what every per-rep aggregator shares. It holds the rep's record (team, time zone)
 * and publishes the rep's series coalesced: the first change arms a flush after the flush interval
 * (processing time, so the wall moves while events flow) and a flush at the end of event time (so a
 * bounded replay publishes its final state, as processing-time timers do not fire at the end).
 * A replay publishes at the end of input only: its output is that final state, and flushing on
 * the way would recompute every series of a rep, a month of them, every interval for nothing.
 *
 * @param <IN> what the rep's records contribute
 */
public abstract class RepSeriesAggregator<IN>
    extends KeyedCoProcessFunction<String, IN, CrmEvent, SeriesUpdate> {
  private static final long serialVersionUID = 1L;
  protected static final long END_OF_TIME = Long.MAX_VALUE;

  private final long flushIntervalMillis;
  private final String defaultTimeZone;

  private transient ValueState<RepProfile> profile;
  private transient ValueState<Boolean> flushArmed;
  private transient PublishedSeries published;
  private transient JobFigures.Figure snapshots;

  /** @param flushInterval how long changes coalesce live; zero publishes at the end of input only */
  protected RepSeriesAggregator(Duration flushInterval, ZoneId defaultTimeZone) {
    this.flushIntervalMillis = flushInterval.toMillis();
    this.defaultTimeZone = defaultTimeZone.getId();
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    profile = getRuntimeContext().getState(new ValueStateDescriptor<>("rep", RepProfile.class));
    flushArmed = getRuntimeContext().getState(new ValueStateDescriptor<>("flush-armed", Types.BOOLEAN));
    published = new PublishedSeries(getRuntimeContext().getMapState(PublishedSeries.descriptor()));
    snapshots = JobFigures.figure(getRuntimeContext(), JobFigures.SNAPSHOTS);
  }

  @Override
  public final void processElement2(CrmEvent event, Context ctx, Collector<SeriesUpdate> out)
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
      next.dailyCallTarget = rep.getDailyCallTarget();
    }
    profile.update(next);
    armFlush(ctx);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<SeriesUpdate> out)
      throws Exception {
    boolean endOfInput = ctx.timerService().currentWatermark() == END_OF_TIME;
    if (endOfInput && ctx.timeDomain() == TimeDomain.EVENT_TIME && timestamp != END_OF_TIME) {
      // Every expiry timer fires at the end of input; the end-of-input flush publishes once.
      return;
    }
    if (ctx.timeDomain() == TimeDomain.EVENT_TIME && timestamp != END_OF_TIME) {
      onEventTime(timestamp);
      if (flushIntervalMillis == 0) {
        // What expired leaves the output at the end-of-input flush.
        armFlush(ctx.timerService());
        return;
      }
    }
    flushArmed.clear();
    ctx.timerService().deleteEventTimeTimer(END_OF_TIME);
    Map<String, MetricSnapshot> desired = desired(labels(ctx.getCurrentKey()), zone(), profile.value());
    snapshots.add(published.publish(desired, ctx.timerService().currentProcessingTime(), out));
  }

  /** Event time passed {@code timestamp}, a timer the subclass registered: drop what expired. */
  protected void onEventTime(long timestamp) throws Exception {}

  /**
   * Every series of the rep as it stands, keyed as {@link PublishedSeries#put} keys them.
   *
   * @param rep the rep's record, or null before it arrives
   */
  protected abstract Map<String, MetricSnapshot> desired(Map<String, String> labels, ZoneId zone,
      RepProfile rep) throws Exception;

  /** A contribution changed: publish after the flush interval, or at the end of input. */
  protected final void armFlush(Context ctx) throws Exception {
    armFlush(ctx.timerService());
  }

  private void armFlush(TimerService timers) throws Exception {
    if (flushArmed.value() == null) {
      flushArmed.update(true);
      if (flushIntervalMillis > 0) {
        timers.registerProcessingTimeTimer(timers.currentProcessingTime() + flushIntervalMillis);
      }
      timers.registerEventTimeTimer(END_OF_TIME);
    }
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
}
