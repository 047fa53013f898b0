package io.crmpulse.jobs.prospect;

import io.crmpulse.jobs.activity.RecordVersion;
import io.crmpulse.jobs.pipeline.DealVersion;
import io.crmpulse.jobs.pipeline.TouchHistory;
import io.crmpulse.jobs.time.EvaluationTimer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by prospect ({@code lead/<id>} or {@code opportunity/<id>}): holds the record's versions
 * and every version of the activities that name it, and sends each rep, as a whole, what the
 * prospect adds to the rep's lead and follow-up numbers at now ({@link ProspectView}); a rep that
 * no longer gets anything gets an empty contribution.
 *
 * <p>Live, "now" is the wall clock: a processing-time timer fires at the next instant anything
 * changes with no event (an SLA breach, a give-up instant, a window exit, a future-dated touch).
 * In replay the prospect is evaluated once, at as-of, when the bounded input ends (an event-time
 * timer at as-of, which the end-of-input watermark fires).
 *
 * <p>State: kept while the prospect is open (a lead not qualified or disqualified, an open
 * opportunity); once it is closed, deleted, or was never known (touches only), until event time
 * passes {@link ProspectSettings#retention()} after the latest instant that concerns it, plus the
 * allowed lateness. Then its contributions are taken back and its state and timers go.
 */
public class ProspectTracker extends KeyedProcessFunction<String, ProspectInput, ProspectContribution> {
  private static final long serialVersionUID = 1L;

  private final ProspectSettings settings;
  private final long latenessMillis;
  private final long settleMillis;
  /** Replay: the instant the prospect is evaluated at. Null live. */
  private final Long asOf;

  private transient ListState<LeadVersion> leads;
  private transient ListState<DealVersion> opportunities;
  private transient MapState<String, TouchHistory> touches;
  /** Rep id to what was last sent the rep (non-empty only). */
  private transient MapState<String, ProspectContribution> published;
  private transient EvaluationTimer evaluation;
  private transient ValueState<Long> cleanupAt;
  private transient ValueState<Long> newestInput;

  /**
   * @param settle live: how long after a change the prospect is evaluated, so a burst is one step
   * @param asOf replay: the instant served; null live
   */
  public ProspectTracker(ProspectSettings settings, Duration lateness, Duration settle,
      Instant asOf) {
    this.settings = settings;
    this.latenessMillis = lateness.toMillis();
    this.settleMillis = settle.toMillis();
    this.asOf = asOf == null ? null : asOf.toEpochMilli();
  }

  @Override
  public void open(OpenContext openContext) {
    leads = getRuntimeContext().getListState(
        new ListStateDescriptor<>("lead-versions", Types.POJO(LeadVersion.class)));
    opportunities = getRuntimeContext().getListState(
        new ListStateDescriptor<>("opportunity-versions", Types.POJO(DealVersion.class)));
    touches = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("touches", Types.STRING, Types.POJO(TouchHistory.class)));
    published = getRuntimeContext().getMapState(new MapStateDescriptor<>(
        "published", Types.STRING, Types.POJO(ProspectContribution.class)));
    evaluation = new EvaluationTimer(getRuntimeContext());
    cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Types.LONG));
    newestInput = getRuntimeContext().getState(new ValueStateDescriptor<>("newest-input", Types.LONG));
  }

  @Override
  public void processElement(ProspectInput in, Context ctx, Collector<ProspectContribution> out)
      throws Exception {
    Long newest = newestInput.value();
    newestInput.update(newest == null ? in.eventTime : Math.max(newest, in.eventTime));
    apply(in);
    TimerService timers = ctx.timerService();
    if (asOf != null) {
      timers.registerEventTimeTimer(asOf);
    } else {
      evaluation.noLaterThan(timers, timers.currentProcessingTime() + settleMillis);
    }
  }

  private void apply(ProspectInput in) throws Exception {
    switch (in.type) {
      case ProspectInput.LEAD -> {
        List<LeadVersion> held = added(leads.get(), in.lead, v -> v.eventTime, v -> v.eventId);
        if (held != null) {
          leads.update(held);
        }
      }
      case ProspectInput.OPPORTUNITY -> {
        List<DealVersion> held =
            added(opportunities.get(), in.opportunity, v -> v.eventTime, v -> v.eventId);
        if (held != null) {
          opportunities.update(held);
        }
      }
      default -> {
        TouchHistory held = touches.get(in.activityId);
        touches.put(in.activityId, (held == null ? new TouchHistory() : held).merge(in.touches));
      }
    }
  }

  /** The held versions with {@code version} added in version order; null for a duplicate. */
  private static <V> List<V> added(Iterable<V> held, V version,
      java.util.function.ToLongFunction<V> time, java.util.function.Function<V, String> id) {
    List<V> all = new ArrayList<>();
    for (V v : held) {
      if (RecordVersion.compare(time.applyAsLong(v), id.apply(v), time.applyAsLong(version),
          id.apply(version)) == 0) {
        return null;
      }
      all.add(v);
    }
    all.add(version);
    all.sort(Comparator.comparingLong(time).thenComparing(id));
    return all;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<ProspectContribution> out)
      throws Exception {
    if (asOf != null) {
      if (timestamp == asOf) {
        publish(view(asOf, ctx.getCurrentKey()), ctx.getCurrentKey(), out);
      }
    } else if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      if (evaluation.fired(timestamp)) {
        ProspectView view = view(timestamp, ctx.getCurrentKey());
        publish(view, ctx.getCurrentKey(), out);
        evaluation.noLaterThan(ctx.timerService(), view.nextChange);
        scheduleCleanup(view, ctx.timerService());
      }
    } else {
      Long due = cleanupAt.value();
      if (due != null && due == timestamp) {
        cleanupAt.clear();
        clearIfFinished(ctx, out);
      }
    }
  }

  private ProspectView view(long now, String key) throws Exception {
    List<LeadVersion> leadVersions = new ArrayList<>();
    leads.get().forEach(leadVersions::add);
    List<DealVersion> oppVersions = new ArrayList<>();
    opportunities.get().forEach(oppVersions::add);
    return ProspectView.at(now, key, leadVersions, oppVersions, touches.entries(), settings);
  }

  private void publish(ProspectView view, String key, Collector<ProspectContribution> out)
      throws Exception {
    long eventTime = newestInput.value() == null ? Long.MIN_VALUE : newestInput.value();
    List<String> gone = new ArrayList<>();
    for (String rep : published.keys()) {
      if (!view.byRep.containsKey(rep)) {
        gone.add(rep);
      }
    }
    for (String rep : gone) {
      published.remove(rep);
      out.collect(ProspectContribution.of(key, rep, eventTime, new ProspectFact[0]));
    }
    for (Map.Entry<String, List<ProspectFact>> e : view.byRep.entrySet()) {
      ProspectContribution next = ProspectContribution.of(
          key, e.getKey(), eventTime, e.getValue().toArray(ProspectFact[]::new));
      if (!next.sameFacts(published.get(e.getKey()))) {
        published.put(e.getKey(), next);
        out.collect(next);
      }
    }
  }


  /** Live: a finished prospect goes once event time is past its retention. */
  private void scheduleCleanup(ProspectView view, TimerService timers) throws Exception {
    Long due = cleanupAt.value();
    long at = view.finished ? expiry(view) : Long.MAX_VALUE;
    if (due != null && due != at) {
      timers.deleteEventTimeTimer(due);
      cleanupAt.clear();
    }
    if (at != Long.MAX_VALUE && (due == null || due != at)) {
      cleanupAt.update(at);
      timers.registerEventTimeTimer(at);
    }
  }

  private long expiry(ProspectView view) throws Exception {
    long newest = newestInput.value() == null ? Long.MIN_VALUE : newestInput.value();
    return Math.max(view.anchor, newest) + settings.retention().toMillis() + latenessMillis;
  }

  private void clearIfFinished(OnTimerContext ctx, Collector<ProspectContribution> out)
      throws Exception {
    TimerService timers = ctx.timerService();
    ProspectView view = view(timers.currentProcessingTime(), ctx.getCurrentKey());
    if (!view.finished) {
      return;
    }
    long at = expiry(view);
    if (timers.currentWatermark() < at) {
      cleanupAt.update(at);
      timers.registerEventTimeTimer(at);
      return;
    }
    long eventTime = newestInput.value();
    for (String rep : published.keys()) {
      out.collect(ProspectContribution.of(ctx.getCurrentKey(), rep, eventTime, new ProspectFact[0]));
    }
    evaluation.cancel(timers);
    leads.clear();
    opportunities.clear();
    touches.clear();
    published.clear();
    cleanupAt.clear();
    newestInput.clear();
  }
}
