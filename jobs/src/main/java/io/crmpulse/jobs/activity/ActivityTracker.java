package io.crmpulse.jobs.activity;

import io.crmpulse.contract.Metric;
import io.crmpulse.events.Activity;
import io.crmpulse.events.ActivityStatus;
import io.crmpulse.events.ChangeType;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.EntityType;
import io.crmpulse.events.Login;
import io.crmpulse.events.Opportunity;
import io.crmpulse.jobs.metrics.JobFigures;
import io.crmpulse.jobs.pipeline.DealInput;
import io.crmpulse.jobs.pipeline.TouchVersion;
import io.crmpulse.jobs.prospect.ProspectInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by record ({@link #keyOf}: activities, logins, opportunities): keeps the current version
 * of each record (last writer wins by event_time), drops duplicates and superseded versions, and
 * turns every change into what it takes from and adds to reps' numbers, so an edit, a delete or a
 * change of rep (an opportunity's owner) moves counts.
 *
 * <p>A completed activity linked to an opportunity also touches that deal. Every version of it,
 * older ones included, goes with all the others to every deal any version names (side output
 * {@link #TOUCHES}), so a deal decides which version is current at each instant itself; likewise
 * to every lead and opportunity as a prospect (side output {@link #PROSPECT_TOUCHES}).
 *
 * <p>State is kept until the record can no longer affect a period or window that reps'
 * aggregators still hold: {@link #RETENTION} (or the longer pacing look-back) past its occurred_at
 * or event_time, plus the allowed lateness. An opportunity without created_at that changes again
 * after that is taken as first seen then.
 */
public class ActivityTracker extends KeyedProcessFunction<String, CrmEvent, ActivityContribution> {
  private static final long serialVersionUID = 1L;
  /**
   * How long after its occurred_at or event_time a record's version is kept, at least: as long as
   * rep aggregators hold its contribution (month to date, 30 d windows), so that a late edit or
   * delete still takes its count back.
   */
  public static final Duration RETENTION = RepActivityAggregator.RETENTION;
  public static final OutputTag<DealInput> TOUCHES = new OutputTag<>("deal-touches") {};
  /** Every version of an activity, to each lead and opportunity any version names. */
  public static final OutputTag<ProspectInput> PROSPECT_TOUCHES =
      new OutputTag<>("prospect-touches") {};

  private final long latenessMillis;
  private final long retentionMillis;
  private final long touchRetentionMillis;
  private transient ValueState<ActivityVersion> current;
  private transient ListState<TouchVersion> history;
  private transient JobFigures.Figure duplicates;
  private transient JobFigures.Figure superseded;

  /**
   * @param touchRetention how long an activity whose current version names a deal or a lead is
   *     kept instead of {@link #RETENTION}: as long as it can still be a deal's last touch or count
   *     for a prospect, so an edit, a move or a delete still reaches the records it named
   */
  public ActivityTracker(Duration lateness, Duration touchRetention) {
    this(lateness, touchRetention, RETENTION);
  }

  /**
   * @param retention how long a version is kept: as long as the rep aggregators hold what it
   *     contributes ({@link RepActivityAggregator#retention})
   */
  public ActivityTracker(Duration lateness, Duration touchRetention, Duration retention) {
    this.latenessMillis = lateness.toMillis();
    this.retentionMillis = Math.max(retention.toMillis(), RETENTION.toMillis());
    this.touchRetentionMillis = Math.max(touchRetention.toMillis(), retentionMillis);
  }

  @Override
  public void open(OpenContext openContext) {
    current = getRuntimeContext().getState(
        new ValueStateDescriptor<>("activity-version", ActivityVersion.class));
    history = getRuntimeContext().getListState(
        new ListStateDescriptor<>("touch-history", Types.POJO(TouchVersion.class)));
    duplicates = JobFigures.figure(getRuntimeContext(), JobFigures.DUPLICATE);
    superseded = JobFigures.figure(getRuntimeContext(), JobFigures.SUPERSEDED);
  }

  @Override
  public void processElement(CrmEvent event, Context ctx, Collector<ActivityContribution> out)
      throws Exception {
    ActivityVersion held = current.value();
    int order = held == null ? 1 : RecordVersion.compare(event, held.eventTime, held.eventId);
    if (order == 0) {
      duplicates.add(1);
      return;
    }
    if (event.getEntity() == EntityType.ACTIVITY) {
      // Logins and opportunities touch no deal.
      tellDeals(event, held, ctx);
    }
    long eventTime = event.getEventTime().toEpochMilli();
    long firstSeen = held == null ? eventTime : Math.min(held.firstSeen, eventTime);
    if (order < 0) {
      superseded.add(1);
      if (firstSeen < held.firstSeen) {
        // An older version arriving late: an opportunity without created_at began earlier.
        held.firstSeen = firstSeen;
        if (held.createdAtUnknown) {
          held.occurredAt = firstSeen;
          if (held.counts()) {
            out.collect(contribution(held, ctx.getCurrentKey()));
          }
        }
        current.update(held);
      }
      return;
    }
    ActivityVersion next = versionOf(event, firstSeen);
    if (held != null && held.counts()
        && (!next.counts() || !held.repId.equals(next.repId))) {
      out.collect(ActivityContribution.remove(held.repId, ctx.getCurrentKey(), next.eventTime));
    }
    if (next.counts()) {
      out.collect(contribution(next, ctx.getCurrentKey()));
    }

    long retention = next.touchesDeal ? touchRetentionMillis : retentionMillis;
    next.expiresAt = Math.max(next.eventTime, next.occurredAt) + retention + latenessMillis;
    current.update(next);
    ctx.timerService().registerEventTimeTimer(next.expiresAt);
  }

  private static ActivityContribution contribution(ActivityVersion v, String key) {
    return ActivityContribution.add(v.repId, key, v.occurredAt, v.kinds, v.eventTime)
        .described(v.type, v.direction, v.outcome);
  }

  /**
   * Sends every deal and every prospect (lead or opportunity, {@link ProspectInput}) any version
   * names all the versions that matter to it: those that name a deal or a lead (kept, as history)
   * and the current one, which may supersede them. An activity that never names a record keeps no
   * history.
   */
  private void tellDeals(CrmEvent event, ActivityVersion held, Context ctx) throws Exception {
    TouchVersion version = TouchVersion.of(event);
    List<TouchVersion> named = new ArrayList<>();
    history.get().forEach(named::add);
    boolean known = named.stream().anyMatch(
        v -> RecordVersion.compare(v.eventTime, v.eventId, version.eventTime, version.eventId) == 0);
    if (version.namesARecord() && !known) {
      // A superseded version delivered again is already held.
      named.add(version);
      history.update(named);
    }
    if (named.isEmpty()) {
      return;
    }
    List<TouchVersion> all = new ArrayList<>(named);
    if (!version.namesARecord()) {
      all.add(version);
    }
    if (held != null && all.stream().noneMatch(
        v -> RecordVersion.compare(v.eventTime, v.eventId, held.eventTime, held.eventId) == 0)) {
      all.add(TouchVersion.unnamed(held.eventTime, held.eventId));
    }
    TouchVersion[] sent = all.toArray(TouchVersion[]::new);
    String activityId = ctx.getCurrentKey();
    named.stream().map(v -> v.dealId).filter(Objects::nonNull).distinct().forEach(deal -> {
      ctx.output(TOUCHES, DealInput.touch(deal, activityId, sent, version.eventTime));
      ctx.output(PROSPECT_TOUCHES, ProspectInput.touch(
          ProspectInput.opportunityKey(deal), activityId, sent, version.eventTime));
    });
    named.stream().map(v -> v.leadId).filter(Objects::nonNull).distinct().forEach(lead ->
        ctx.output(PROSPECT_TOUCHES, ProspectInput.touch(
            ProspectInput.leadKey(lead), activityId, sent, version.eventTime)));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<ActivityContribution> out)
      throws Exception {
    ActivityVersion held = current.value();
    if (held != null && held.expiresAt == timestamp) {
      current.clear();
      history.clear();
    }
  }

  /**
   * The key a record's versions meet under: an activity's own id (deals know activities by it),
   * {@code login/<id>} and {@code opportunity/<id>}, so ids of different records never collide.
   */
  public static String keyOf(CrmEvent event) {
    return switch (event.getEntity()) {
      case LOGIN -> "login/" + event.getLogin().getId();
      case OPPORTUNITY -> "opportunity/" + event.getOpportunity().getId();
      default -> event.getActivity().getId();
    };
  }

  private static ActivityVersion versionOf(CrmEvent event, long firstSeen) {
    ActivityVersion version = new ActivityVersion();
    version.eventTime = event.getEventTime().toEpochMilli();
    version.eventId = event.getEventId();
    version.deleted = event.getChange() == ChangeType.DELETED;
    version.firstSeen = firstSeen;
    if (version.deleted) {
      return version;
    }
    switch (event.getEntity()) {
      case LOGIN -> {
        Login login = event.getLogin();
        version.repId = login.getRepId();
        version.occurredAt = login.getOccurredAt().toEpochMilli();
        version.kinds = ActivityKinds.LOGIN;
      }
      case OPPORTUNITY -> {
        Opportunity opportunity = event.getOpportunity();
        String owner = opportunity.getOwnerId();
        version.repId = Metric.owner(owner);
        version.createdAtUnknown = opportunity.getCreatedAt() == null;
        version.occurredAt = version.createdAtUnknown
            ? firstSeen : opportunity.getCreatedAt().toEpochMilli();
        version.kinds = ActivityKinds.OPPORTUNITY;
      }
      default -> {
        Activity activity = event.getActivity();
        version.repId = activity.getRepId();
        version.occurredAt = activity.getOccurredAt().toEpochMilli();
        version.kinds = ActivityKinds.of(activity);
        version.touchesDeal = TouchVersion.of(event).namesARecord();
        if (activity.getStatus() == ActivityStatus.COMPLETED) {
          version.type = Metric.symbol(activity.getType());
          version.direction = Metric.symbol(activity.getDirection());
          version.outcome = Metric.symbol(activity.getOutcome());
        }
      }
    }
    return version;
  }

}
