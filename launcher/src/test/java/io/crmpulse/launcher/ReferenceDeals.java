package io.crmpulse.launcher;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmpulse.events.Activity;
import io.crmpulse.events.ActivityStatus;
import io.crmpulse.events.AlertKind;
import io.crmpulse.events.ChangeType;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.Opportunity;
import io.crmpulse.events.OpportunityStatus;
import io.crmpulse.events.Rep;
import io.crmpulse.events.Snooze;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deal series and alert transitions (docs/metrics.md, "Deal health") computed the plain way,
 * with no Flink and none of the job's classes. Every quantity is evaluated from scratch at each
 * instant by filtering the whole log to {@code event_time <= t}: slow, but each definition reads
 * like the spec. Tests compare {@code replay} with it.
 *
 * <p>Readings of the spec where it leaves room (the tests that depend on one say so):
 *
 * <ul>
 *   <li>A {@code resolved} transition of a deal that was deleted shows the owner, stage, amount and
 *       currency of the deal's latest version that is not a delete.
 *   <li>A deal whose status is neither open, won nor lost (an unknown status) is not open; an
 *       episode ending that way resolves with reason {@code closed}.
 *   <li>Any change of the neglected basis while the deal stays neglected (also one that moves it
 *       back, e.g. the latest touch deleted) resolves the episode ({@code touched}) and begins a new
 *       one at the same instant.
 *   <li>Several snoozes covering a kind: the one with the latest {@code until} (then the greatest
 *       snooze id) is the one shown. Changing or extending the covering snooze of an episode that is
 *       already snoozed is no change of its visible state, so it emits nothing. A snooze whose kind
 *       is unknown ({@code other}) covers neither kind.
 *   <li>Stage exit outcomes: {@code won}/{@code lost} whatever the stage; {@code other} only for an
 *       exit to another open stage when either stage is not in {@code deals.stages}.
 *   <li>{@code alerts.remind-every} and {@code age_seconds} are plain durations, also with business
 *       days; only the neglect and stall thresholds count business time.
 *   <li>Elapsed business time counts the milliseconds of [from, to).
 *   <li>Busy deals: the busy window is calendar time also with {@code deals.threshold-days=business}
 *       (it counts activities, which happen on any day). A touch is one activity (its version
 *       current at t), whatever its type or direction; the stage must have been entered at or
 *       before t - window, i.e. the deal spent the whole window in its current stage.
 *   <li>alert_id = deal/kind/basis does not name one episode only: a neglected episode that ends
 *       by {@code closed}, {@code moved} or {@code deleted} and begins again without a new touch
 *       (reopened, moved back to a stricter stage, re-created) has the same basis. Such episodes
 *       share the alert_id, and n in event_id = alert_id#n goes on counting over them (raised #1,
 *       resolved #2, then the second episode's raised is #3), so no two transitions share an
 *       event_id.
 *   <li>A rep record's change (its team) is no evaluation instant and emits nothing; each
 *       transition shows the team at its own instant.
 *   <li>Last touch without a completed activity: the current version's {@code created_at}, and
 *       when the current version has none, the event_time of the deal's earliest version (even if
 *       an older version had a {@code created_at}).
 *   <li>An event_id seen twice among the counted events is one change: the first copy counts.
 *   <li>A blank currency counts as absent ({@code unknown}); sums are exact decimals, converted to
 *       double once (a job summing doubles may differ in the last bits: compare with a tolerance).
 *       Label values are escaped as the Prometheus text format does (backslash, quote, newline).
 * </ul>
 */
final class ReferenceDeals {
  static final String[] LE = {"1", "3", "7", "14", "21", "30", "45", "60", "90", "+Inf"};
  private static final long DAY_MS = 86_400_000L;
  private static final Map<String, Duration> WINDOWS = windows();
  private static final Comparator<CrmEvent> VERSION_ORDER =
      Comparator.comparing(CrmEvent::getEventTime).thenComparing(CrmEvent::getEventId);

  private ReferenceDeals() {}

  /**
   * Deal series as served at asOf: "name{label="v",...}" (labels sorted by key, as ReferenceMetrics
   * writes them) -> value.
   */
  static Map<String, Double> series(List<String> lines, Instant asOf, Duration lateness,
      Duration maxFuture, Map<String, String> config) {
    Log log = new Log(ReferenceMetrics.accepted(lines, asOf, lateness, maxFuture));
    Config cfg = new Config(config);
    Map<String, BigDecimal> sums = new TreeMap<>();
    // (rep, team, window) -> {won, lost}
    Map<List<String>, int[]> closed = new TreeMap<>(Comparator.comparing(Object::toString));
    for (String deal : log.deals.keySet()) {
      DealAt d = log.dealAt(deal, asOf);
      if (!d.exists() || d.deleted()) {
        continue;
      }
      Opportunity o = d.record();
      String rep = ownerOf(o);
      String team = log.teamAt(rep, asOf);
      String stage = o.getStage();
      String currency = currencyOf(o);
      BigDecimal amount = o.getAmount() == null ? BigDecimal.ZERO : o.getAmount();
      if (d.open()) {
        add(sums, key("crmpulse_open_deals", "rep", rep, "stage", stage, "team", team), BigDecimal.ONE);
        if (log.neglected(d, asOf, cfg)) {
          add(sums, key("crmpulse_neglected_deals", "rep", rep, "team", team), BigDecimal.ONE);
        }
        if (log.stalled(d, asOf, cfg)) {
          add(sums, key("crmpulse_stalled_deals", "rep", rep, "stage", stage, "team", team),
              BigDecimal.ONE);
        }
        if (log.busy(d, asOf, cfg)) {
          add(sums, key("crmpulse_busy_deals", "rep", rep, "stage", stage, "team", team),
              BigDecimal.ONE);
        }
        add(sums, key("crmpulse_pipeline_amount", "currency", currency, "rep", rep, "stage", stage,
            "team", team), amount);
        add(sums, key("crmpulse_weighted_pipeline_amount", "currency", currency, "rep", rep,
            "stage", stage, "team", team), amount.multiply(cfg.probability(stage)));
        String category = o.getForecastCategory() == null ? "pipeline"
            : o.getForecastCategory().name().toLowerCase(Locale.ROOT);
        add(sums, key("crmpulse_forecast_amount", "currency", currency, "forecast_category",
            category, "rep", rep, "team", team), amount);
      } else if (o.getStatus() == OpportunityStatus.WON || o.getStatus() == OpportunityStatus.LOST) {
        boolean won = o.getStatus() == OpportunityStatus.WON;
        for (Map.Entry<String, Duration> w : WINDOWS.entrySet()) {
          if (!within(d.closedAt(), asOf, w.getValue())) {
            continue;
          }
          String window = w.getKey();
          closed.computeIfAbsent(List.of(rep, team, window), k -> new int[2])[won ? 0 : 1]++;
          if (won) {
            add(sums, key("crmpulse_deals_won", "rep", rep, "team", team, "window", window),
                BigDecimal.ONE);
            add(sums, key("crmpulse_won_amount", "currency", currency, "rep", rep, "team", team,
                "window", window), amount);
          } else {
            add(sums, key("crmpulse_deals_lost", "reason", cfg.lostReason(o.getLostReason()),
                "rep", rep, "team", team, "window", window), BigDecimal.ONE);
          }
        }
      }
      for (Exit exit : log.exits(deal, asOf, cfg)) {
        if (!within(exit.at(), asOf, Duration.ofDays(90))) {
          continue;
        }
        add(sums, key("crmpulse_stage_exits", "outcome", exit.outcome(), "rep", rep, "stage",
            exit.stage(), "team", team), BigDecimal.ONE);
        for (String le : LE) {
          if (le.equals("+Inf") || exit.ms() <= Long.parseLong(le) * DAY_MS) {
            add(sums, key("crmpulse_stage_exits_within", "max_days", le, "rep", rep, "stage",
                exit.stage(), "team", team), BigDecimal.ONE);
          }
        }
      }
    }
    Map<String, Double> series = new TreeMap<>();
    // A zero-valued series is not published.
    sums.forEach((k, v) -> {
      if (v.signum() != 0) {
        series.put(k, v.doubleValue());
      }
    });
    closed.forEach((k, c) -> series.put(
        key("crmpulse_win_rate_ratio", "rep", k.get(0), "team", k.get(1), "window", k.get(2)),
        (double) c[0] / (c[0] + c[1])));
    return series;
  }

  /**
   * Every alert transition with at <= asOf, sorted by (at, alert_id, event_id); each a Jackson
   * ObjectNode with the spec's JSON field names, null fields left out, instants as
   * Instant.toString(), enums lower case, amount a double, age_seconds a long.
   */
  static List<ObjectNode> alerts(List<String> lines, Instant asOf, Duration lateness,
      Duration maxFuture, Map<String, String> config) {
    Log log = new Log(ReferenceMetrics.accepted(lines, asOf, lateness, maxFuture));
    Config cfg = new Config(config);
    List<ObjectNode> out = new ArrayList<>();
    for (String deal : log.deals.keySet()) {
      out.addAll(log.alertsOf(deal, asOf, cfg));
    }
    Map<ObjectNode, Instant> at = new java.util.IdentityHashMap<>();
    out.forEach(n -> at.put(n, Instant.parse(n.get("at").asText())));
    out.sort(Comparator.<ObjectNode, Instant>comparing(at::get)
        .thenComparing(n -> n.get("alert_id").asText())
        .thenComparing(n -> n.get("event_id").asText()));
    return out;
  }

  /** Parses "14 d", "10 s", "1 h", "5 min", "500 ms". */
  static Duration duration(String text) {
    Matcher m = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|min|h|d)\\s*").matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration: '" + text + "'");
    }
    long unit = switch (m.group(2)) {
      case "ms" -> 1L;
      case "s" -> 1_000L;
      case "min" -> 60_000L;
      case "h" -> 3_600_000L;
      default -> DAY_MS;
    };
    return Duration.ofMillis(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit))
        .longValueExact());
  }

  // ---------------------------------------------------------------------------------------------

  /** The counted events, grouped by record; every version list sorted by (event_time, event_id). */
  private static final class Log {
    final Map<String, List<CrmEvent>> deals = new TreeMap<>();
    final Map<String, List<CrmEvent>> activities = new HashMap<>();
    final Map<String, List<CrmEvent>> snoozes = new HashMap<>();
    final Map<String, List<CrmEvent>> reps = new HashMap<>();
    /** Deal -> ids of activities (snoozes) of which some version names the deal. */
    final Map<String, Set<String>> activitiesOf = new HashMap<>();
    final Map<String, Set<String>> snoozesOf = new HashMap<>();
    /** "stage@midnight" -> the median days in stage, in ms (null: no exit). */
    final Map<String, BigDecimal> medians = new HashMap<>();

    Log(List<CrmEvent> accepted) {
      Set<String> ids = new HashSet<>();
      for (CrmEvent e : accepted) {
        if (!ids.add(e.getEventId())) {
          continue; // the same event_id delivered twice is one change
        }
        switch (e.getEntity()) {
          case OPPORTUNITY -> versions(deals, e.getOpportunity().getId()).add(e);
          case ACTIVITY -> {
            versions(activities, e.getActivity().getId()).add(e);
            String deal = e.getActivity().getOpportunityId();
            if (e.getChange() != ChangeType.DELETED && deal != null) {
              activitiesOf.computeIfAbsent(deal, k -> new HashSet<>()).add(e.getActivity().getId());
            }
          }
          case SNOOZE -> {
            versions(snoozes, e.getSnooze().getId()).add(e);
            String deal = e.getSnooze().getOpportunityId();
            if (e.getChange() != ChangeType.DELETED && deal != null) {
              snoozesOf.computeIfAbsent(deal, k -> new HashSet<>()).add(e.getSnooze().getId());
            }
          }
          case REP -> versions(reps, e.getRep().getId()).add(e);
          default -> { }
        }
      }
      for (Map<String, List<CrmEvent>> m : List.of(deals, activities, snoozes, reps)) {
        m.values().forEach(v -> v.sort(VERSION_ORDER));
      }
    }

    private static List<CrmEvent> versions(Map<String, List<CrmEvent>> m, String id) {
      return m.computeIfAbsent(id, k -> new ArrayList<>());
    }

    /** Everything known about one deal at t. */
    DealAt dealAt(String deal, Instant t) {
      List<CrmEvent> vs = upTo(deals.getOrDefault(deal, List.of()), t);
      if (vs.isEmpty()) {
        return new DealAt(deal, false, false, false, null, null, null, null, vs);
      }
      CrmEvent current = vs.get(vs.size() - 1);
      boolean deleted = current.getChange() == ChangeType.DELETED;
      Opportunity shown = null;
      for (CrmEvent v : vs) {
        if (v.getChange() != ChangeType.DELETED) {
          shown = v.getOpportunity();
        }
      }
      boolean open = isOpen(current);
      Instant stageEntered = null;
      if (open) {
        String stage = current.getOpportunity().getStage();
        int i = vs.size() - 1;
        while (i > 0 && isOpen(vs.get(i - 1))
            && vs.get(i - 1).getOpportunity().getStage().equals(stage)) {
          i--;
        }
        stageEntered = vs.get(i).getEventTime();
      }
      Instant closedAt = null;
      if (!deleted && !open) {
        OpportunityStatus status = current.getOpportunity().getStatus();
        int i = vs.size() - 1;
        while (i > 0 && vs.get(i - 1).getChange() != ChangeType.DELETED
            && vs.get(i - 1).getOpportunity().getStatus() == status) {
          i--;
        }
        closedAt = vs.get(i).getEventTime();
      }
      Instant lastTouch = null;
      for (String id : activitiesOf.getOrDefault(deal, Set.of())) {
        CrmEvent a = currentAt(activities.get(id), t);
        if (a == null || a.getChange() == ChangeType.DELETED) {
          continue;
        }
        Activity act = a.getActivity();
        if (act.getStatus() == ActivityStatus.COMPLETED && deal.equals(act.getOpportunityId())
            && act.getOccurredAt() != null && !act.getOccurredAt().isAfter(t)
            && (lastTouch == null || act.getOccurredAt().isAfter(lastTouch))) {
          lastTouch = act.getOccurredAt();
        }
      }
      if (lastTouch == null && !deleted) {
        lastTouch = current.getOpportunity().getCreatedAt();
      }
      if (lastTouch == null) {
        lastTouch = vs.get(0).getEventTime();
      }
      return new DealAt(deal, true, deleted, open, shown, stageEntered, closedAt, lastTouch, vs);
    }

    boolean neglected(DealAt d, Instant t, Config cfg) {
      return d.open() && cfg.elapsed(d.lastTouch(), t)
          > cfg.neglectMs(d.record().getStage(), teamToday(d, t, cfg));
    }

    /**
     * Busy but not moving at t: open, in a stage entered at or before t - window, with at least
     * deals.busy-touches activities whose version current at t is completed, names the deal and
     * has occurred_at in (t - window, t]. The window is calendar time, business days or not.
     */
    boolean busy(DealAt d, Instant t, Config cfg) {
      Instant from = t.minus(cfg.busyWindow);
      if (!d.open() || d.stageEntered().isAfter(from)) {
        return false;
      }
      int touches = 0;
      for (String id : activitiesOf.getOrDefault(d.id(), Set.of())) {
        CrmEvent a = currentAt(activities.get(id), t);
        if (a == null || a.getChange() == ChangeType.DELETED) {
          continue;
        }
        Activity act = a.getActivity();
        if (act.getStatus() == ActivityStatus.COMPLETED && d.id().equals(act.getOpportunityId())
            && act.getOccurredAt() != null && act.getOccurredAt().isAfter(from)
            && !act.getOccurredAt().isAfter(t)) {
          touches++;
        }
      }
      return touches >= cfg.busyTouches;
    }

    boolean stalled(DealAt d, Instant t, Config cfg) {
      return d.open() && cfg.elapsed(d.stageEntered(), t) > stallMs(d, t, cfg);
    }

    /**
     * The stall threshold of an open deal at t: a duration, or k x the median days in the deal's
     * stage over the exits of that stage (every deal not deleted at m) with the exit in
     * (m - 90 d, m], m = the start of t's day in the calendar zone; rounded down to the ms. With no
     * such exit: deals.stall-after when that is a duration, else 30 d.
     */
    long stallMs(DealAt d, Instant t, Config cfg) {
      String stage = d.record().getStage();
      String raw = cfg.stallRaw(stage, teamToday(d, t, cfg));
      BigDecimal k = Config.multiple(raw);
      if (k == null) {
        return cfg.millis(raw);
      }
      Instant m = t.atZone(cfg.zone).toLocalDate().atStartOfDay(cfg.zone).toInstant();
      String key = stage + "@" + m;
      if (!medians.containsKey(key)) {
        List<Long> days = new ArrayList<>();
        for (String deal : deals.keySet()) {
          for (Exit exit : exits(deal, m, cfg)) {
            if (exit.stage().equals(stage) && within(exit.at(), m, Duration.ofDays(90))) {
              days.add(exit.ms());
            }
          }
        }
        days.sort(null);
        int n = days.size();
        medians.put(key, n == 0 ? null : n % 2 == 1 ? BigDecimal.valueOf(days.get(n / 2))
            : BigDecimal.valueOf(days.get(n / 2 - 1) + days.get(n / 2)).divide(BigDecimal.valueOf(2)));
      }
      BigDecimal median = medians.get(key);
      if (median == null) {
        String fallback = cfg.get("deals.stall-after", "30 d");
        return Config.multiple(fallback) == null ? cfg.millis(fallback) : DAY_MS * 30;
      }
      return k.multiply(median).setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
    }

    /** Team thresholds follow the owner's team at the start of t's day in the calendar zone. */
    String teamToday(DealAt d, Instant t, Config cfg) {
      String owner = d.record().getOwnerId();
      Instant midnight = t.atZone(cfg.zone).toLocalDate().atStartOfDay(cfg.zone).toInstant();
      return owner == null || !reps.containsKey(owner) ? "unknown" : teamAt(owner, midnight);
    }

    /** The covering snooze of that kind at t with the latest until, or null. */
    Snooze snoozeAt(String deal, AlertKind kind, Instant t) {
      Snooze best = null;
      for (String id : new TreeSet<>(snoozesOf.getOrDefault(deal, Set.of()))) {
        CrmEvent e = currentAt(snoozes.get(id), t);
        if (e == null || e.getChange() == ChangeType.DELETED) {
          continue;
        }
        Snooze s = e.getSnooze();
        boolean covers = s.getKind() == null || s.getKind() == kind;
        if (covers && deal.equals(s.getOpportunityId()) && s.getUntil().isAfter(t)
            && (best == null || !s.getUntil().isBefore(best.getUntil()))) {
          best = s;
        }
      }
      return best;
    }

    String teamAt(String rep, Instant t) {
      CrmEvent e = currentAt(reps.get(rep), t);
      Rep r = e == null || e.getChange() == ChangeType.DELETED ? null : e.getRep();
      return r == null || r.getTeam() == null || r.getTeam().isBlank() ? "unknown" : r.getTeam();
    }

    /** The deal's stage exits up to t (none when the deal is deleted at t). */
    List<Exit> exits(String deal, Instant t, Config cfg) {
      DealAt d = dealAt(deal, t);
      List<Exit> exits = new ArrayList<>();
      if (!d.exists() || d.deleted()) {
        return exits;
      }
      List<CrmEvent> vs = d.versions();
      int i = 0;
      while (i < vs.size()) {
        if (!isOpen(vs.get(i))) {
          i++;
          continue;
        }
        String stage = vs.get(i).getOpportunity().getStage();
        Instant start = vs.get(i).getEventTime();
        int j = i;
        while (j + 1 < vs.size() && isOpen(vs.get(j + 1))
            && vs.get(j + 1).getOpportunity().getStage().equals(stage)) {
          j++;
        }
        if (j + 1 < vs.size() && vs.get(j + 1).getChange() != ChangeType.DELETED) {
          CrmEvent next = vs.get(j + 1);
          OpportunityStatus status = next.getOpportunity().getStatus();
          String outcome = null;
          if (status == OpportunityStatus.WON) {
            outcome = "won";
          } else if (status == OpportunityStatus.LOST) {
            outcome = "lost";
          } else if (status == OpportunityStatus.OPEN) {
            Integer from = cfg.order(stage);
            Integer to = cfg.order(next.getOpportunity().getStage());
            outcome = from == null || to == null ? "other" : to > from ? "advanced" : "back";
          }
          if (outcome != null) {
            Instant x = next.getEventTime();
            exits.add(new Exit(stage, outcome, x, x.toEpochMilli() - start.toEpochMilli()));
          }
        }
        i = j + 1;
      }
      return exits;
    }

    /** The deal's alert transitions up to asOf. */
    List<ObjectNode> alertsOf(String deal, Instant asOf, Config cfg) {
      TreeSet<Instant> instants = new TreeSet<>();
      deals.get(deal).forEach(e -> instants.add(e.getEventTime()));
      for (String id : activitiesOf.getOrDefault(deal, Set.of())) {
        for (CrmEvent e : activities.get(id)) {
          instants.add(e.getEventTime());
          if (e.getChange() != ChangeType.DELETED && e.getActivity().getOccurredAt() != null) {
            instants.add(e.getActivity().getOccurredAt()); // a touch coming into the past
          }
        }
      }
      for (String id : snoozesOf.getOrDefault(deal, Set.of())) {
        for (CrmEvent e : snoozes.get(id)) {
          instants.add(e.getEventTime());
          if (e.getChange() != ChangeType.DELETED) {
            instants.add(e.getSnooze().getUntil()); // a snooze ending
          }
        }
      }
      if ((cfg.teamThresholds() || cfg.medianThresholds()) && !instants.isEmpty()) {
        // Team and median thresholds take effect at each midnight: every one is an instant to
        // look at.
        LocalDate day = instants.first().atZone(cfg.zone).toLocalDate().plusDays(1);
        for (Instant m = day.atStartOfDay(cfg.zone).toInstant(); !m.isAfter(asOf);
            day = day.plusDays(1), m = day.atStartOfDay(cfg.zone).toInstant()) {
          instants.add(m);
        }
      }
      instants.removeIf(t -> t.isAfter(asOf));
      List<ObjectNode> out = new ArrayList<>();
      Map<AlertKind, Episode> episodes = new LinkedHashMap<>();
      // Transitions so far per alert_id: episodes that share one (see the class comment) go on
      // counting, so that event_ids stay unique.
      Map<String, Integer> numbered = new HashMap<>();
      while (!instants.isEmpty()) {
        Instant t = instants.pollFirst();
        DealAt d = dealAt(deal, t);
        for (AlertKind kind : List.of(AlertKind.NEGLECTED, AlertKind.STALLED)) {
          boolean neglect = kind == AlertKind.NEGLECTED;
          boolean holds = neglect ? neglected(d, t, cfg) : stalled(d, t, cfg);
          Instant basis = neglect ? d.lastTouch() : d.stageEntered();
          Snooze snooze = holds ? snoozeAt(deal, kind, t) : null;
          Episode ep = episodes.get(kind);
          if (ep != null && !holds) {
            String reason = d.deleted() ? "deleted" : !d.open() ? "closed"
                : neglect && d.lastTouch().isAfter(ep.since) ? "touched" : "moved";
            out.add(ep.record(t, AlertState.RESOLVED, reason, null, d, this));
            episodes.remove(kind);
            ep = null;
          } else if (ep != null && !basis.equals(ep.since)) {
            out.add(ep.record(t, AlertState.RESOLVED, neglect ? "touched" : "moved", null, d, this));
            episodes.remove(kind);
            ep = null;
          } else if (ep != null && ep.state == AlertState.RAISED && snooze != null) {
            ep.state = AlertState.SNOOZED;
            out.add(ep.record(t, AlertState.SNOOZED, snooze.getReason(), snooze.getUntil(), d, this));
          } else if (ep != null && ep.state == AlertState.SNOOZED && snooze == null) {
            ep.state = AlertState.RAISED;
            ep.announced = t;
            out.add(ep.record(t, AlertState.RAISED, null, null, d, this));
          } else if (ep != null && ep.state == AlertState.RAISED
              && !t.isBefore(ep.announced.plus(cfg.remindEvery))) {
            ep.announced = t;
            out.add(ep.record(t, AlertState.REMINDED, null, null, d, this));
          }
          if (ep == null && holds) {
            ep = new Episode(deal, kind, basis, numbered);
            episodes.put(kind, ep);
            if (snooze == null) {
              ep.state = AlertState.RAISED;
              ep.announced = t;
              out.add(ep.record(t, AlertState.RAISED, null, null, d, this));
            } else {
              ep.state = AlertState.SNOOZED;
              out.add(ep.record(t, AlertState.SNOOZED, snooze.getReason(), snooze.getUntil(), d,
                  this));
            }
          }
          // Instants where something changes purely with time: the due instant, the reminder.
          Instant next = null;
          if (ep == null && d.open()) {
            String team = teamToday(d, t, cfg);
            next = cfg.due(basis, neglect ? cfg.neglectMs(d.record().getStage(), team)
                : stallMs(d, t, cfg));
          } else if (ep != null && ep.state == AlertState.RAISED) {
            next = ep.announced.plus(cfg.remindEvery);
          }
          if (next != null && next.isAfter(t) && !next.isAfter(asOf)) {
            instants.add(next);
          }
        }
      }
      return out;
    }
  }

  /** One deal at one instant. {@code record} is the latest version that is not a delete. */
  private record DealAt(String id, boolean exists, boolean deleted, boolean open,
      Opportunity record, Instant stageEntered, Instant closedAt, Instant lastTouch,
      List<CrmEvent> versions) {}

  private record Exit(String stage, String outcome, Instant at, long ms) {}

  private enum AlertState { RAISED, REMINDED, SNOOZED, RESOLVED }

  /** One episode of one kind of one deal: its basis, visible state and transitions so far. */
  private static final class Episode {
    final String deal;
    final AlertKind kind;
    final Instant since;
    final String alertId;
    final Map<String, Integer> numbered;
    AlertState state;
    Instant announced; // the last raised/reminded transition

    Episode(String deal, AlertKind kind, Instant since, Map<String, Integer> numbered) {
      this.numbered = numbered;
      this.deal = deal;
      this.kind = kind;
      this.since = since;
      this.alertId = deal + "/" + kind.name().toLowerCase(Locale.ROOT) + "/" + since;
    }

    ObjectNode record(Instant at, AlertState s, String reason, Instant snoozedUntil, DealAt d,
        Log log) {
      int n = numbered.merge(alertId, 1, Integer::sum);
      Opportunity o = d.record();
      String owner = ownerOf(o);
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      node.put("alert_id", alertId);
      node.put("event_id", alertId + "#" + n);
      node.put("deal_id", deal);
      node.put("kind", kind.name().toLowerCase(Locale.ROOT));
      node.put("state", s.name().toLowerCase(Locale.ROOT));
      node.put("at", at.toString());
      node.put("since", since.toString());
      node.put("owner_id", owner);
      node.put("team", log.teamAt(owner, at));
      node.put("stage", o.getStage());
      if (o.getAmount() != null) {
        node.put("amount", o.getAmount().doubleValue());
      }
      if (o.getCurrency() != null) {
        node.put("currency", o.getCurrency());
      }
      node.put("age_seconds", Math.floorDiv(at.toEpochMilli() - since.toEpochMilli(), 1000L));
      if (reason != null) {
        node.put("reason", reason);
      }
      if (snoozedUntil != null) {
        node.put("snoozed_until", snoozedUntil.toString());
      }
      return node;
    }
  }

  /** The spec's config keys with their defaults, overridden by the given map. */
  private static final class Config {
    final Map<String, String> raw;
    final List<String> stages = new ArrayList<>();
    final Map<String, BigDecimal> probabilities = new HashMap<>();
    final boolean business;
    final Set<DayOfWeek> weekend = new HashSet<>();
    final Set<LocalDate> holidays = new HashSet<>();
    final ZoneId zone;
    final Duration remindEvery;
    final Set<String> lostReasons = new HashSet<>();
    final int busyTouches;
    final Duration busyWindow;
    private final Map<String, Long> parsed = new HashMap<>();

    Config(Map<String, String> overrides) {
      raw = overrides;
      for (String entry : list(get("deals.stages",
          "prospecting:0.1,qualification:0.2,proposal:0.5,negotiation:0.8"))) {
        int colon = entry.lastIndexOf(':');
        String name = colon < 0 ? entry : entry.substring(0, colon).trim();
        stages.add(name);
        probabilities.put(name,
            colon < 0 ? BigDecimal.ZERO : new BigDecimal(entry.substring(colon + 1).trim()));
      }
      business = get("deals.threshold-days", "calendar").trim().equalsIgnoreCase("business");
      list(get("deals.weekend", "SATURDAY,SUNDAY"))
          .forEach(d -> weekend.add(DayOfWeek.valueOf(d.toUpperCase(Locale.ROOT))));
      list(get("deals.holidays", "")).forEach(d -> holidays.add(LocalDate.parse(d)));
      zone = ZoneId.of(get("deals.calendar-zone", "UTC").trim());
      remindEvery = duration(get("alerts.remind-every", "7 d"));
      lostReasons.addAll(list(get("deals.lost-reasons", "price,competitor,no_budget,no_decision,timing")));
      busyTouches = Integer.parseInt(get("deals.busy-touches", "5").trim());
      busyWindow = duration(get("deals.busy-window", "14 d"));
    }

    String get(String key, String fallback) {
      return raw.getOrDefault(key, fallback);
    }

    private static List<String> list(String text) {
      return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Per stage, else per team, else the default. */
    long neglectMs(String stage, String team) {
      return millis(get("deals.neglect-after." + stage, get("deals.neglect-after.team." + team,
          get("deals.neglect-after", "14 d"))));
    }

    /** Per stage, else per team, else the default: a duration or "<k>x median". */
    String stallRaw(String stage, String team) {
      return get("deals.stall-after." + stage, get("deals.stall-after.team." + team,
          get("deals.stall-after", "30 d")));
    }

    /** k of "<k>x median", else null. */
    static BigDecimal multiple(String text) {
      Matcher m = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*x\\s*median\\s*")
          .matcher(text.toLowerCase(Locale.ROOT));
      return m.matches() ? new BigDecimal(m.group(1)) : null;
    }

    boolean medianThresholds() {
      return raw.entrySet().stream().anyMatch(e -> e.getKey().startsWith("deals.stall-after")
          && multiple(e.getValue()) != null);
    }

    boolean teamThresholds() {
      return raw.keySet().stream().anyMatch(k -> k.startsWith("deals.neglect-after.team.")
          || k.startsWith("deals.stall-after.team."));
    }

    long millis(String text) {
      return parsed.computeIfAbsent(text, t -> duration(t).toMillis());
    }

    BigDecimal probability(String stage) {
      return probabilities.getOrDefault(stage, BigDecimal.ZERO);
    }

    Integer order(String stage) {
      int i = stages.indexOf(stage);
      return i < 0 ? null : i;
    }

    String lostReason(String reason) {
      if (reason == null || reason.isBlank()) {
        return "unknown";
      }
      String normal = reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
          .replaceAll("^_+|_+$", "");
      return lostReasons.contains(normal) ? normal : "other";
    }

    boolean businessDay(LocalDate date) {
      return !weekend.contains(date.getDayOfWeek()) && !holidays.contains(date);
    }

    /** Elapsed ms from a to b: plain, or only the ms of [a, b) on business days. */
    long elapsed(Instant a, Instant b) {
      if (!business) {
        return b.toEpochMilli() - a.toEpochMilli();
      }
      if (b.isBefore(a)) {
        return -elapsed(b, a);
      }
      long total = 0;
      for (LocalDate date = a.atZone(zone).toLocalDate(); ; date = date.plusDays(1)) {
        Instant start = date.atStartOfDay(zone).toInstant();
        if (!start.isBefore(b)) {
          return total;
        }
        Instant end = date.plusDays(1).atStartOfDay(zone).toInstant();
        if (businessDay(date)) {
          Instant from = start.isBefore(a) ? a : start;
          Instant to = end.isAfter(b) ? b : end;
          total += Math.max(0, to.toEpochMilli() - from.toEpochMilli());
        }
      }
    }

    /** The earliest instant t with elapsed(basis, t) > threshold, or null if never (in 50 years). */
    Instant due(Instant basis, long thresholdMs) {
      if (!business) {
        return basis.plusMillis(thresholdMs + 1);
      }
      long remaining = thresholdMs + 1;
      LocalDate date = basis.atZone(zone).toLocalDate();
      for (int i = 0; i < 366 * 50; i++, date = date.plusDays(1)) {
        if (!businessDay(date)) {
          continue;
        }
        Instant start = date.atStartOfDay(zone).toInstant();
        Instant from = start.isBefore(basis) ? basis : start;
        long length = date.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli()
            - from.toEpochMilli();
        if (length >= remaining) {
          return from.plusMillis(remaining);
        }
        remaining -= Math.max(0, length);
      }
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static boolean isOpen(CrmEvent version) {
    return version.getChange() != ChangeType.DELETED
        && version.getOpportunity().getStatus() == OpportunityStatus.OPEN;
  }

  private static List<CrmEvent> upTo(List<CrmEvent> sorted, Instant t) {
    List<CrmEvent> out = new ArrayList<>();
    for (CrmEvent e : sorted) {
      if (!e.getEventTime().isAfter(t)) {
        out.add(e);
      }
    }
    return out;
  }

  /** The current version at t: the last of the sorted versions with event_time <= t. */
  private static CrmEvent currentAt(List<CrmEvent> sorted, Instant t) {
    CrmEvent current = null;
    for (CrmEvent e : sorted == null ? List.<CrmEvent>of() : sorted) {
      if (!e.getEventTime().isAfter(t)) {
        current = e;
      }
    }
    return current;
  }

  private static String ownerOf(Opportunity o) {
    return o == null || o.getOwnerId() == null || o.getOwnerId().isBlank() ? "unassigned"
        : o.getOwnerId();
  }

  private static String currencyOf(Opportunity o) {
    return o.getCurrency() == null || o.getCurrency().isBlank() ? "unknown" : o.getCurrency();
  }

  /** closedAt in (t - window, t]. */
  private static boolean within(Instant at, Instant t, Duration window) {
    return at.isAfter(t.minus(window)) && !at.isAfter(t);
  }

  private static Map<String, Duration> windows() {
    Map<String, Duration> w = new LinkedHashMap<>();
    w.put("30d", Duration.ofDays(30));
    w.put("90d", Duration.ofDays(90));
    return w;
  }

  private static void add(Map<String, BigDecimal> sums, String key, BigDecimal value) {
    sums.merge(key, value, BigDecimal::add);
  }

  /** Series text: name{k="v",...} with the keys sorted, values escaped as Prometheus does. */
  static String key(String name, String... labels) {
    TreeMap<String, String> sorted = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      sorted.put(labels[i], labels[i + 1]);
    }
    StringBuilder s = new StringBuilder(name).append('{');
    sorted.forEach((k, v) -> s.append(s.charAt(s.length() - 1) == '{' ? "" : ",").append(k)
        .append("=\"").append(v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
        .append('"'));
    return s.append('}').toString();
  }
}
