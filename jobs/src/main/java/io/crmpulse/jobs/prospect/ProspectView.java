package io.crmpulse.jobs.prospect;

import io.crmpulse.contract.Metric;
import io.crmpulse.jobs.pipeline.DealVersion;
import io.crmpulse.jobs.pipeline.TouchHistory;
import io.crmpulse.jobs.pipeline.TouchVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A prospect (a lead or an opportunity) at one instant, "now": its current version, its touches
 * (completed activities naming it, current versions, occurred_at at or before now) in touch order
 * (occurred_at, activity id), and what it adds to each rep's numbers as {@link ProspectFact}s
 * (docs/metrics.md, lead and follow-up series). A pure function of its inputs, so live and replay
 * compute it alike; {@link #nextChange} is the next instant after now at which it may differ.
 */
final class ProspectView {
  private static final long WINDOW = ProspectSettings.WINDOW.toMillis();
  private static final long HORIZON = ProspectSettings.PERIOD_HORIZON.toMillis();

  /** Rep id to what the prospect adds to the rep's numbers (reps with nothing left out). */
  final Map<String, List<ProspectFact>> byRep = new TreeMap<>();
  /** The next instant after now at which the view may change, or {@link Long#MAX_VALUE}. */
  long nextChange = Long.MAX_VALUE;
  /** Unknown (touches only), deleted or closed in its newest version: nothing keeps it open. */
  boolean finished;
  /** The latest instant that concerns it: newest version, created_at, touch occurred_at. */
  long anchor = Long.MIN_VALUE;

  private final long now;

  private ProspectView(long now) {
    this.now = now;
  }

  /** One touch: the current version of a completed activity that names the prospect. */
  private record Touch(String activityId, TouchVersion v) {
    boolean outbound() {
      return "outbound".equals(v.direction);
    }

    /** Contract: a connected call (either direction), a held meeting or visit. */
    boolean conversation() {
      return ("call".equals(v.type) && "connected".equals(v.outcome))
          || (("meeting".equals(v.type) || "visit".equals(v.type)) && "held".equals(v.outcome));
    }

    boolean response() {
      return "inbound".equals(v.direction) || conversation();
    }
  }

  /**
   * @param key {@code lead/<id>} or {@code opportunity/<id>}
   * @param leads the lead's versions in version order (empty for an opportunity)
   * @param opportunities the opportunity's versions in version order (empty for a lead)
   * @param touches activity id to every known version of the activity
   */
  static ProspectView at(long now, String key, List<LeadVersion> leads,
      List<DealVersion> opportunities, Iterable<Map.Entry<String, TouchHistory>> touches,
      ProspectSettings settings) {
    ProspectView view = new ProspectView(now);
    boolean lead = key.startsWith(ProspectInput.LEAD_PREFIX);
    String id = key.substring(lead ? ProspectInput.LEAD_PREFIX.length()
        : ProspectInput.OPPORTUNITY_PREFIX.length());

    // The record: versions up to now, the newest of all for whether it is finished.
    List<LeadVersion> leadVersions = view.upToNow(leads, v -> v.eventTime, v -> v.createdAt);
    LeadVersion leadFirst = leadVersions.isEmpty() ? null : leadVersions.get(0);
    LeadVersion leadNow = leadVersions.isEmpty() ? null : leadVersions.get(leadVersions.size() - 1);
    List<DealVersion> oppVersions = view.upToNow(opportunities, v -> v.eventTime, v -> v.createdAt);
    if (lead) {
      LeadVersion newest = leads.isEmpty() ? null : leads.get(leads.size() - 1);
      view.finished = newest == null || !newest.isOpen();
    } else {
      DealVersion newest = opportunities.isEmpty() ? null : opportunities.get(opportunities.size() - 1);
      view.finished = newest == null || !newest.isOpen();
    }

    // Touches and, for a lead, its completed outbound calls (whenever they occurred).
    List<Touch> touched = new ArrayList<>();
    List<Touch> calls = new ArrayList<>();
    for (Map.Entry<String, TouchHistory> activity : touches) {
      for (TouchVersion v : activity.getValue().versions) {
        view.concerns(v.eventTime);
        if (names(v, lead, id)) {
          view.concerns(v.occurredAt);
        }
        if (v.eventTime > now) {
          view.changesAt(v.eventTime);
        }
      }
      TouchVersion current = activity.getValue().currentAt(now);
      if (current == null || !current.completed || !names(current, lead, id)) {
        continue;
      }
      Touch touch = new Touch(activity.getKey(), current);
      if ("call".equals(current.type) && touch.outbound()) {
        calls.add(touch);
      }
      if (current.occurredAt <= now) {
        touched.add(touch);
      } else {
        view.changesAt(current.occurredAt);
      }
    }
    touched.sort(Comparator.<Touch>comparingLong(t -> t.v.occurredAt).thenComparing(Touch::activityId));

    // E: the first response, or an opportunity's advance, whichever is first.
    long responded = Long.MAX_VALUE;
    for (Touch t : touched) {
      if (t.response()) {
        responded = t.v.occurredAt;
        break;
      }
    }
    long answered = Math.min(responded, lead ? Long.MAX_VALUE : advance(oppVersions, settings));
    int followUps = 0;
    for (int i = 1; i < touched.size(); i++) {
      Touch t = touched.get(i);
      if (t.outbound() && t.v.occurredAt < answered) {
        followUps++;
        view.dated(t.v.repId, ProspectFact.FOLLOWUP, t.activityId, t.v.occurredAt, 0);
      }
    }

    String owner;
    if (lead) {
      if (leadNow == null || leadNow.deleted) {
        return view;
      }
      owner = Metric.owner(leadNow.ownerId);
      long created = leadNow.createdAt != null ? leadNow.createdAt : leadFirst.eventTime;
      view.lead(owner, leadNow, created, touched, calls, settings);
    } else {
      DealVersion current = oppVersions.isEmpty() ? null : oppVersions.get(oppVersions.size() - 1);
      if (current == null || current.deleted) {
        return view;
      }
      owner = Metric.owner(current.ownerId);
    }
    if (answered != Long.MAX_VALUE) {
      if (answered > now - WINDOW) {
        view.add(owner, ProspectFact.window(ProspectFact.BEFORE_RESPONSE, followUps));
      }
      view.changesAt(answered + WINDOW);
    }
    return view;
  }

  /** The lead's own series, for its owner, and its calls, for the calling reps. */
  private void lead(String owner, LeadVersion current, long created, List<Touch> touched,
      List<Touch> calls, ProspectSettings settings) {
    String source = settings.sourceLabel(current.source);
    long sla = settings.responseSla().toMillis();
    dated(owner, ProspectFact.LEAD, source, created, 0);
    Touch firstOutbound = touched.stream().filter(Touch::outbound).findFirst().orElse(null);
    if (firstOutbound != null) {
      dated(owner, ProspectFact.PURSUED, source, created, 0);
      dated(owner, ProspectFact.SPEED, null, created, Math.max(0, firstOutbound.v.occurredAt - created));
    }
    if (touched.stream().anyMatch(Touch::conversation)) {
      dated(owner, ProspectFact.CONTACTED, source, created, 0);
    }
    dated(owner, ProspectFact.DISPOSITION,
        current.disposition == null ? "none" : current.disposition, created, 0);
    if (now - created > sla) {
      if (firstOutbound == null || firstOutbound.v.occurredAt > created + sla) {
        dated(owner, ProspectFact.SLA_BREACHED, null, created, 0);
      }
    } else {
      changesAt(created + sla + 1);
    }
    String status = current.status == null ? Metric.UNKNOWN : current.status;
    for (Touch call : calls) {
      dated(call.v.repId, ProspectFact.CALL_BY_STATUS, status, call.v.occurredAt, 0);
    }
    // Given up: a first touch that is outbound, and no other touch for give-up-after.
    if (!touched.isEmpty() && touched.get(0).outbound()) {
      long f = touched.get(0).v.occurredAt;
      long end = f + settings.giveUpAfter().toMillis();
      boolean silent = touched.stream().skip(1)
          .noneMatch(t -> t.v.occurredAt > f && t.v.occurredAt <= end);
      if (silent && end <= now && end > now - WINDOW) {
        add(owner, ProspectFact.window(ProspectFact.GIVEN_UP, 1));
      }
      changesAt(end);
      changesAt(end + WINDOW);
    }
  }

  /**
   * Opportunities: the event_time of the earliest version whose stage comes later in the stages
   * than the earliest version's, or whose status is won; {@link Long#MAX_VALUE} for none.
   */
  private static long advance(List<DealVersion> versions, ProspectSettings settings) {
    // Only a deal first seen open can advance: one created closed (an import) never needed a
    // follow-up, nor does one first seen closed again after its state was cleared.
    if (versions.isEmpty() || !versions.get(0).isOpen()) {
      return Long.MAX_VALUE;
    }
    int first = versions.get(0).stage == null ? -1 : settings.stages().indexOf(versions.get(0).stage);
    for (DealVersion v : versions) {
      boolean later = first >= 0 && v.stage != null && settings.stages().indexOf(v.stage) > first;
      if (later || "won".equals(v.status)) {
        return v.eventTime;
      }
    }
    return Long.MAX_VALUE;
  }

  private static boolean names(TouchVersion v, boolean lead, String id) {
    return id.equals(lead ? v.leadId : v.dealId);
  }


  /**
   * The versions (in version order) with event_time at or before now; every instant of a version
   * counts for the prospect's retention, and a later version is a change to come.
   */
  private <V> List<V> upToNow(List<V> versions, ToLongFunction<V> eventTime,
      Function<V, Long> createdAt) {
    List<V> upToNow = new ArrayList<>();
    for (V v : versions) {
      concerns(eventTime.applyAsLong(v));
      if (createdAt.apply(v) != null) {
        concerns(createdAt.apply(v));
      }
      if (eventTime.applyAsLong(v) > now) {
        changesAt(eventTime.applyAsLong(v));
      } else {
        upToNow.add(v);
      }
    }
    return upToNow;
  }

  /** A dated fact, unless it is too old to lie in any period containing now. */
  private void dated(String rep, int kind, String label, long at, long value) {
    if (at >= now - HORIZON) {
      add(rep, ProspectFact.dated(kind, label, at, value));
    }
  }

  private void add(String rep, ProspectFact fact) {
    byRep.computeIfAbsent(rep, r -> new ArrayList<>()).add(fact);
  }

  private void changesAt(long at) {
    if (at > now && at < nextChange) {
      nextChange = at;
    }
  }

  private void concerns(long at) {
    anchor = Math.max(anchor, at);
  }
}
