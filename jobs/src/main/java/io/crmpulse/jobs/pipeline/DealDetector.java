package io.crmpulse.jobs.pipeline;

import io.crmpulse.contract.Metric;
import io.crmpulse.events.AlertKind;
import io.crmpulse.events.AlertState;
import io.crmpulse.events.DealAlert;
import io.crmpulse.jobs.activity.RecordVersion;
import io.crmpulse.jobs.metrics.BoundedLabel;
import io.crmpulse.jobs.time.EvaluationTimer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by deal: holds the deal's versions, the completed activities linked to it and its
 * snoozes; decides, at every change and at every instant where time alone changes something,
 * what the deal adds to its owner's numbers and which alert transitions to announce.
 *
 * <p>Live, changes apply as they arrive and "now" is the wall clock: processing-time timers fire
 * at the instant a threshold passes, with no event anywhere. In replay, changes wait for event time
 * and apply in event-time order, and timers fire in event time up to as-of, so the same input gives
 * the same numbers and alerts at any parallelism and in any order within the allowed lateness.
 *
 * <p>Alerts are held while the job catches up on a backlog (event time far behind the wall clock
 * while input flows): a fresh start re-reads history, and a deal read before its activities would
 * otherwise be announced as neglected and resolved a moment later.
 */
public class DealDetector
    extends KeyedBroadcastProcessFunction<String, DealInput, DealBroadcast, DealContribution> {
  private static final long serialVersionUID = 1L;
  public static final OutputTag<DealAlert> ALERTS = new OutputTag<>("deal-alerts") {};
  public static final MapStateDescriptor<String, RepTeams> REP_TEAMS =
      new MapStateDescriptor<>("rep-teams", Types.STRING, Types.POJO(RepTeams.class));
  /** Deal id -> its stage exits, for stall thresholds that are a multiple of a stage's median. */
  public static final MapStateDescriptor<String, DealExits> STAGE_EXITS =
      new MapStateDescriptor<>("stage-exits", Types.STRING, Types.POJO(DealExits.class));
  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final long CATCH_UP_SLACK = Duration.ofMinutes(1).toMillis();
  private static final List<String> KINDS = List.of(DealView.NEGLECTED, DealView.STALLED);

  private final DealSettings settings;
  private final long latenessMillis;
  private final long settleMillis;
  private final long idleMillis;
  /** Replay: the instant nothing happens after. Null live. */
  private final Long asOf;

  private transient ListState<DealVersion> versions;
  private transient MapState<String, TouchHistory> touches;
  private transient MapState<String, SnoozeVersion> snoozes;
  private transient MapState<String, AlertEpisode> episodes;
  /** Transitions announced so far per alert id, episodes ended included. */
  private transient MapState<String, Integer> numbered;
  private transient ValueState<DealContribution> published;
  private transient MapState<Long, List<DealInput>> pending;
  private transient EvaluationTimer evaluation;
  private transient ValueState<Long> newestInput;
  /** Wall-clock time of the last input; before any, of the first look after (re)start. */
  private transient long lastInputWall;
  /** "stage@midnight" -> median ms (absent key: not computed); dropped when exits change it. */
  private transient Map<String, Optional<BigDecimal>> medians;
  /** The watermark at the last sweep of old exits. */
  private transient long sweptAt;

  /**
   * @param settle live: how long after a change the deal is evaluated, so a burst is one step
   * @param idle live: input quiet this long means the job is not catching up, however old event time is
   */
  public DealDetector(DealSettings settings, Duration lateness, Duration settle, Duration idle,
      Instant asOf) {
    this.settings = settings;
    this.latenessMillis = lateness.toMillis();
    this.settleMillis = settle.toMillis();
    this.idleMillis = idle.toMillis();
    this.asOf = asOf == null ? null : asOf.toEpochMilli();
  }

  @Override
  public void open(OpenContext openContext) {
    versions = getRuntimeContext().getListState(
        new ListStateDescriptor<>("versions", Types.POJO(DealVersion.class)));
    touches = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("touches", Types.STRING, Types.POJO(TouchHistory.class)));
    snoozes = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("snoozes", Types.STRING, Types.POJO(SnoozeVersion.class)));
    episodes = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("episodes", Types.STRING, Types.POJO(AlertEpisode.class)));
    numbered = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("numbered", Types.STRING, Types.INT));
    published = getRuntimeContext().getState(
        new ValueStateDescriptor<>("published", Types.POJO(DealContribution.class)));
    pending = getRuntimeContext().getMapState(new MapStateDescriptor<>(
        "pending", Types.LONG, Types.LIST(Types.POJO(DealInput.class))));
    evaluation = new EvaluationTimer(getRuntimeContext());
    newestInput = getRuntimeContext().getState(new ValueStateDescriptor<>("newest-input", Types.LONG));
    lastInputWall = Long.MIN_VALUE;
    medians = new HashMap<>();
    sweptAt = Long.MIN_VALUE;
  }

  @Override
  public void processElement(DealInput in, ReadOnlyContext ctx, Collector<DealContribution> out)
      throws Exception {
    TimerService timers = ctx.timerService();
    lastInputWall = timers.currentProcessingTime();
    Long newest = newestInput.value();
    newestInput.update(newest == null ? in.eventTime : Math.max(newest, in.eventTime));
    // In replay a version waits for event time; touches apply at once, because the deal picks
    // each activity's current version by instant itself.
    if (replay() && in.type != DealInput.TOUCH) {
      List<DealInput> waiting = pending.get(in.eventTime);
      List<DealInput> next = waiting == null ? new ArrayList<>() : new ArrayList<>(waiting);
      next.add(in);
      pending.put(in.eventTime, next);
    } else {
      apply(in);
    }
    if (replay()) {
      timers.registerEventTimeTimer(in.eventTime);
    } else {
      evaluation.noLaterThan(timers, timers.currentProcessingTime() + settleMillis);
    }
  }

  @Override
  public void processBroadcastElement(DealBroadcast in, Context ctx, Collector<DealContribution> out)
      throws Exception {
    if (in.type == DealBroadcast.REP) {
      RepTeams held = ctx.getBroadcastState(REP_TEAMS).get(in.repId);
      ctx.getBroadcastState(REP_TEAMS).put(in.repId,
          (held == null ? new RepTeams() : held).with(in.eventTime, in.eventId, in.team));
      return;
    }
    BroadcastState<String, DealExits> exits = ctx.getBroadcastState(STAGE_EXITS);
    long cutoff = exitCutoff(ctx.currentWatermark());
    DealExits kept = in.exits.after(cutoff);
    if (kept == null) {
      exits.remove(in.exits.dealId);
    } else {
      exits.put(in.exits.dealId, kept);
    }
    long watermark = ctx.currentWatermark();
    if (replay()) {
      // A median at a midnight the watermark has passed is final: every exit up to it is here.
      // Those further back than any instant still to be evaluated are no longer needed.
      medians.keySet().removeIf(key -> {
        long midnight = Long.parseLong(key.substring(key.lastIndexOf('@') + 1));
        return midnight > watermark || midnight < watermark - 2 * DAY;
      });
    } else {
      medians.clear();
    }
    if (watermark != Long.MIN_VALUE && (sweptAt == Long.MIN_VALUE || watermark >= sweptAt + DAY)) {
      sweptAt = watermark;
      List<String> gone = new ArrayList<>();
      List<DealExits> shorter = new ArrayList<>();
      for (Map.Entry<String, DealExits> e : exits.entries()) {
        DealExits left = e.getValue().after(cutoff);
        if (left == null) {
          gone.add(e.getKey());
        } else if (left != e.getValue()) {
          shorter.add(left);
        }
      }
      for (String deal : gone) {
        exits.remove(deal);
      }
      for (DealExits left : shorter) {
        exits.put(left.dealId, left);
      }
    }
  }

  /**
   * Exits at or before this can count in no median any more: every instant still to be evaluated
   * is at or after the watermark, and its midnight's window reaches back 90 days (a day's margin
   * for the midnight, and the allowed lateness on top).
   */
  private long exitCutoff(long watermark) {
    if (watermark == Long.MIN_VALUE) {
      return Long.MIN_VALUE;
    }
    return watermark - DealSettings.MEDIAN_WINDOW.toMillis() - 2 * DAY - latenessMillis;
  }

  /**
   * The median of (exit - entry) over the exits of {@code stage} with the exit in (midnight - 90
   * d, midnight], by deals not deleted at the midnight; null with none. In replay, evaluations at a
   * midnight's day happen once the watermark has passed it, when every such exit is here.
   */
  private BigDecimal medianMillis(String stage, long midnight,
      ReadOnlyBroadcastState<String, DealExits> exits) throws Exception {
    String key = stage + "@" + midnight;
    Optional<BigDecimal> cached = medians.get(key);
    if (cached != null) {
      return cached.orElse(null);
    }
    List<Long> days = new ArrayList<>();
    long from = midnight - DealSettings.MEDIAN_WINDOW.toMillis();
    for (Map.Entry<String, DealExits> e : exits.immutableEntries()) {
      DealExits deal = e.getValue();
      if (deal.goneAt(midnight)) {
        continue;
      }
      for (StageExit exit : deal.exits) {
        if (exit.at > from && exit.at <= midnight && stage.equals(exit.stage)) {
          days.add(exit.at - exit.entered);
        }
      }
    }
    BigDecimal median = median(days);
    medians.put(key, Optional.ofNullable(median));
    return median;
  }

  /** The middle value, or the mean of the two middle values; null for none. */
  static BigDecimal median(List<Long> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? BigDecimal.valueOf(sorted.get(n / 2))
        : BigDecimal.valueOf(sorted.get(n / 2 - 1)).add(BigDecimal.valueOf(sorted.get(n / 2)))
            .divide(BigDecimal.valueOf(2));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DealContribution> out)
      throws Exception {
    if (replay()) {
      List<DealInput> due = pending.get(timestamp);
      if (due != null) {
        for (DealInput in : due) {
          apply(in);
        }
        pending.remove(timestamp);
      }
      evaluate(timestamp, ctx, out);
    } else if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      if (evaluation.fired(timestamp)) {
        evaluate(timestamp, ctx, out);
      }
    } else {
      clearIfFinished(timestamp, ctx.timerService(), ctx.getCurrentKey());
    }
  }

  private boolean replay() {
    return asOf != null;
  }

  private void apply(DealInput in) throws Exception {
    switch (in.type) {
      case DealInput.VERSION -> {
        List<DealVersion> held = DealVersion.added(versions.get(), in.version);
        if (held != null) {
          versions.update(held);
        }
      }
      case DealInput.TOUCH -> {
        TouchHistory held = touches.get(in.activityId);
        touches.put(in.activityId, (held == null ? new TouchHistory() : held).merge(in.touches));
      }
      default -> {
        SnoozeVersion held = snoozes.get(in.snooze.id);
        if (held == null || RecordVersion.compare(
            in.snooze.eventTime, in.snooze.eventId, held.eventTime, held.eventId) > 0) {
          snoozes.put(in.snooze.id, in.snooze);
        }
      }
    }
  }

  private void evaluate(long now, ReadOnlyContext ctx, Collector<DealContribution> out)
      throws Exception {
    List<DealVersion> held = new ArrayList<>();
    versions.get().forEach(held::add);
    ReadOnlyBroadcastState<String, DealExits> exits = ctx.getBroadcastState(STAGE_EXITS);
    DealView view = DealView.at(now, ctx.getCurrentKey(), held, touches.values(), snoozes.values(),
        teamToday(held, now, ctx.getBroadcastState(REP_TEAMS)),
        (stage, midnight) -> medianMillis(stage, midnight, exits), settings);
    publish(view, ctx.getCurrentKey(), out);
    long next = view.nextChange();
    if (!replay() && catchingUp(ctx)) {
      // From the wall clock, not from the timer's instant: a timer that fires late (overdue
      // after a restore) must not step through the missed time one settle interval at a time.
      next = Math.min(next, ctx.timerService().currentProcessingTime() + settleMillis);
    } else {
      for (String kind : KINDS) {
        next = Math.min(next, step(kind, view, ctx));
      }
    }
    long finished = view.finishedAt();
    if (replay()) {
      if (next <= asOf) {
        ctx.timerService().registerEventTimeTimer(next);
      }
    } else {
      evaluation.noLaterThan(ctx.timerService(), next);
      if (finished != Long.MAX_VALUE) {
        long newest = newestInput.value() == null ? finished : newestInput.value();
        ctx.timerService().registerEventTimeTimer(Math.max(finished, newest) + latenessMillis);
      }
    }
  }

  /**
   * Live: event time far behind the wall clock while input still flows. After a (re)start, timers
   * may fire before the first input: the idle clock then starts at that first look, so restored
   * overdue timers wait for a backlog that is about to flow.
   */
  private boolean catchingUp(ReadOnlyContext ctx) {
    long wall = ctx.timerService().currentProcessingTime();
    if (lastInputWall == Long.MIN_VALUE) {
      lastInputWall = wall;
    }
    return ctx.timerService().currentWatermark() < wall - latenessMillis - CATCH_UP_SLACK
        && wall - lastInputWall < idleMillis;
  }


  /**
   * Live only: once event time has passed the instant nothing about the deal can change, plus the
   * allowed lateness, no version can still arrive that matters, and its state goes.
   */
  private void clearIfFinished(long watermark, TimerService timers, String dealId)
      throws Exception {
    List<DealVersion> held = new ArrayList<>();
    versions.get().forEach(held::add);
    // Finished does not depend on thresholds, so no team is needed.
    DealView view = DealView.at(timers.currentProcessingTime(), dealId, held, touches.values(),
        snoozes.values(), null, settings);
    Long newest = newestInput.value();
    if (newest == null || view.finishedAt() == Long.MAX_VALUE
        || watermark < Math.max(view.finishedAt(), newest) + latenessMillis) {
      return;
    }
    if (!episodes.isEmpty()) {
      // A resolution is still to be announced (alerts wait while the job catches up); the
      // evaluation that announces it registers this timer again.
      return;
    }
    DealContribution last = published.value();
    if (last == null || last.removal) {
      versions.clear();
      touches.clear();
      snoozes.clear();
      episodes.clear();
      numbered.clear();
      published.clear();
      pending.clear();
      newestInput.clear();
      evaluation.cancel(timers);
    }
  }

  private void publish(DealView view, String dealId, Collector<DealContribution> out)
      throws Exception {
    DealContribution held = published.value();
    DealContribution next = contribution(view, dealId);
    if (next == null) {
      if (held != null && !held.removal) {
        DealContribution removal = DealContribution.removal(dealId, held.ownerId, eventTime());
        out.collect(removal);
        published.update(removal);
      }
      return;
    }
    if (next.sameNumbers(held)) {
      return;
    }
    if (held != null && !held.removal && !held.ownerId.equals(next.ownerId)) {
      out.collect(DealContribution.removal(dealId, held.ownerId, next.eventTime));
    }
    out.collect(next);
    published.update(next);
  }

  private long eventTime() throws Exception {
    Long newest = newestInput.value();
    return newest == null ? Long.MIN_VALUE : newest;
  }

  private DealContribution contribution(DealView view, String dealId) throws Exception {
    if (view.gone()) {
      return null;
    }
    DealVersion deal = view.current;
    DealContribution c = new DealContribution();
    c.dealId = dealId;
    c.ownerId = owner(deal);
    c.eventTime = eventTime();
    c.open = view.isOpen();
    c.currency = deal.currency == null || deal.currency.isBlank() ? Metric.UNKNOWN : deal.currency;
    c.amount = deal.amount == null ? 0 : deal.amount;
    if (c.open) {
      c.stage = deal.stage;
      c.probability = settings.probability(deal.stage);
      c.forecastCategory = deal.forecastCategory == null ? "pipeline" : deal.forecastCategory;
      c.neglected = view.neglected;
      c.stalled = view.stalled;
      c.busy = view.busy;
    }
    c.wonIn30d = view.closedWithin("won", DealView.WINDOW_30D);
    c.wonIn90d = view.closedWithin("won", DealView.WINDOW_90D);
    c.lostIn30d = view.closedWithin("lost", DealView.WINDOW_30D);
    c.lostIn90d = view.closedWithin("lost", DealView.WINDOW_90D);
    if (c.lostIn90d) {
      c.lostReason = BoundedLabel.of(deal.lostReason, settings.lostReasons());
    }
    c.exits = view.exits.stream().filter(view::exitCounts).toArray(StageExit[]::new);
    return c.countsNowhere() ? null : c;
  }

  /**
   * Moves the alert of {@code kind} on to what the deal is now, announcing each change, and
   * returns when it next needs a look (a reminder), or {@link Long#MAX_VALUE}.
   */
  private long step(String kind, DealView view, ReadOnlyContext ctx) throws Exception {
    AlertEpisode episode = episodes.get(kind);
    boolean holds = view.condition(kind);
    long basis = view.basis(kind);
    if (episode != null && (!holds || episode.since != basis)) {
      announce(episode, kind, AlertState.RESOLVED, resolution(kind, view, episode, holds), null, view, ctx);
      episodes.remove(kind);
      episode = null;
    }
    if (!holds) {
      return Long.MAX_VALUE;
    }
    SnoozeVersion snooze = view.snoozeOf(kind);
    if (episode == null) {
      episode = new AlertEpisode(ctx.getCurrentKey(), kind, basis);
      // The same condition back from the same basis (a deal reopened untouched) has the same
      // alert id: its transitions go on counting, so no event id is used twice.
      Integer announced = numbered.get(episode.alertId);
      episode.seq = announced == null ? 0 : announced;
      announce(episode, kind, snooze == null ? AlertState.RAISED : AlertState.SNOOZED,
          snooze == null ? null : snooze.reason, snooze, view, ctx);
    } else if (snooze != null && episode.raised) {
      announce(episode, kind, AlertState.SNOOZED, snooze.reason, snooze, view, ctx);
    } else if (snooze == null && !episode.raised) {
      announce(episode, kind, AlertState.RAISED, null, null, view, ctx);
    } else if (snooze == null && view.at >= episode.lastNotice + settings.remindEvery().toMillis()) {
      announce(episode, kind, AlertState.REMINDED, null, null, view, ctx);
    }
    episodes.put(kind, episode);
    return episode.raised ? episode.lastNotice + settings.remindEvery().toMillis() : Long.MAX_VALUE;
  }

  /** Why an episode ends: with the condition still holding, its basis moved (a new episode begins). */
  private static String resolution(String kind, DealView view, AlertEpisode episode, boolean holds) {
    if (view.gone()) {
      return "deleted";
    }
    if (!view.isOpen()) {
      return "closed";
    }
    boolean touched = holds || view.lastTouch > episode.since;
    return kind.equals(DealView.NEGLECTED) && touched ? "touched" : "moved";
  }

  private void announce(AlertEpisode episode, String kind, AlertState state, String reason,
      SnoozeVersion snooze, DealView view, ReadOnlyContext ctx) throws Exception {
    episode.seq++;
    numbered.put(episode.alertId, episode.seq);
    if (state == AlertState.RAISED || state == AlertState.REMINDED) {
      episode.lastNotice = view.at;
    }
    episode.raised = state == AlertState.RAISED || state == AlertState.REMINDED;
    DealVersion deal = view.lastKnown;
    String owner = owner(deal);
    ctx.output(ALERTS, DealAlert.newBuilder()
        .setAlertId(episode.alertId)
        .setEventId(episode.alertId + "#" + episode.seq)
        .setDealId(ctx.getCurrentKey())
        .setKind(AlertKind.valueOf(kind.toUpperCase(Locale.ROOT)))
        .setState(state)
        .setAt(Instant.ofEpochMilli(view.at))
        .setSince(Instant.ofEpochMilli(episode.since))
        .setOwnerId(owner)
        .setTeam(teamOf(owner, view.at, ctx.getBroadcastState(REP_TEAMS)))
        .setStage(deal.stage)
        .setAmount(deal.amount)
        .setCurrency(deal.currency)
        .setAgeSeconds(Math.floorDiv(view.at - episode.since, 1000))
        .setReason(reason)
        .setSnoozedUntil(snooze == null ? null : Instant.ofEpochMilli(snooze.until))
        .build());
  }

  /** The owner's team at the start of the day of {@code at}: what team thresholds follow. */
  private String teamToday(List<DealVersion> versions, long at,
      ReadOnlyBroadcastState<String, RepTeams> teams) throws Exception {
    if (!settings.byTeam() || versions.isEmpty()) {
      return null;
    }
    RepTeams history = teams.get(owner(versions.get(versions.size() - 1)));
    return history == null ? null : history.teamAt(settings.time().dayStart(at));
  }

  private String teamOf(String owner, long at, ReadOnlyBroadcastState<String, RepTeams> teams)
      throws Exception {
    RepTeams history = teams.get(owner);
    // Live, the newest known version; in replay the one current at the alert's instant.
    String team = history == null ? null : history.teamAt(replay() ? at : Long.MAX_VALUE);
    return team == null || team.isBlank() ? Metric.UNKNOWN_TEAM : team;
  }

  private static String owner(DealVersion deal) {
    return Metric.owner(deal.ownerId);
  }
}
