package io.crmpulse.launcher;

import io.crmpulse.contract.EventJson;
import io.crmpulse.contract.EventValidator;
import io.crmpulse.contract.InvalidEventException;
import io.crmpulse.events.Activity;
import io.crmpulse.events.ActivityStatus;
import io.crmpulse.events.ActivityType;
import io.crmpulse.events.ChangeType;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.Direction;
import io.crmpulse.events.Login;
import io.crmpulse.events.Opportunity;
import io.crmpulse.events.Outcome;
import io.crmpulse.events.Rep;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The contract's activity series and the other activity series computed the plain way, with no Flink and none of the job's
 * classes: read the whole log, keep the newest version of every record, count. Tests compare
 * {@code replay} with it.
 */
final class ReferenceMetrics {
  private ReferenceMetrics() {}

  /** Series text ({@code name{rep="..",team=".."}}) to value, as served at {@code asOf}. */
  static Map<String, Double> compute(List<String> lines, Instant asOf, Duration lateness,
      Duration maxFuture, ZoneId defaultZone) {
    return compute(lines, asOf, lateness, maxFuture, defaultZone, 10,
        Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));
  }

  /**
   * As {@link #compute(List, Instant, Duration, Duration, ZoneId)}, with the pacing settings
   * ({@code pacing.trailing-days}, {@code pacing.weekend}).
   */
  static Map<String, Double> compute(List<String> lines, Instant asOf, Duration lateness,
      Duration maxFuture, ZoneId defaultZone, int trailingDays, Set<DayOfWeek> weekend) {
    return compute(lines, asOf, lateness, maxFuture, defaultZone, trailingDays, weekend, Map.of());
  }

  /**
   * As above, with the daily call targets of reps whose record sets none, from {@code config}'s
   * {@code pacing.daily-call-target} and {@code pacing.daily-call-target.team.<team>}.
   */
  static Map<String, Double> compute(List<String> lines, Instant asOf, Duration lateness,
      Duration maxFuture, ZoneId defaultZone, int trailingDays, Set<DayOfWeek> weekend,
      Map<String, String> config) {
    Map<String, CrmEvent> activities = new HashMap<>();
    Map<String, CrmEvent> reps = new HashMap<>();
    Map<String, CrmEvent> logins = new HashMap<>();
    Map<String, CrmEvent> opportunities = new HashMap<>();
    Map<String, Instant> firstSeen = new HashMap<>();
    for (CrmEvent event : accepted(lines, asOf, lateness, maxFuture)) {
      switch (event.getEntity()) {
        case ACTIVITY -> keepNewest(activities, event.getActivity().getId(), event);
        case REP -> keepNewest(reps, event.getRep().getId(), event);
        case LOGIN -> keepNewest(logins, event.getLogin().getId(), event);
        case OPPORTUNITY -> {
          keepNewest(opportunities, event.getOpportunity().getId(), event);
          firstSeen.merge(event.getOpportunity().getId(), event.getEventTime(),
              (a, b) -> a.isBefore(b) ? a : b);
        }
        default -> { }
      }
    }

    Map<String, int[]> countsByRep = new TreeMap<>();
    for (CrmEvent event : activities.values()) {
      Activity a = event.getActivity();
      if (event.getChange() == ChangeType.DELETED || a.getStatus() != ActivityStatus.COMPLETED) {
        continue;
      }
      ZoneId zone = zoneOf(reps.get(a.getRepId()), defaultZone);
      LocalDate today = asOf.atZone(zone).toLocalDate();
      if (!a.getOccurredAt().atZone(zone).toLocalDate().equals(today)) {
        continue;
      }
      boolean call = a.getType() == ActivityType.CALL;
      boolean outboundCall = call && a.getDirection() == Direction.OUTBOUND;
      boolean connected = a.getOutcome() == Outcome.CONNECTED;
      boolean held = (a.getType() == ActivityType.MEETING || a.getType() == ActivityType.VISIT)
          && a.getOutcome() == Outcome.HELD;
      int[] counts = new int[3]; // outbound calls, connected outbound calls, conversations
      counts[0] = outboundCall ? 1 : 0;
      counts[1] = outboundCall && connected ? 1 : 0;
      counts[2] = (call && connected) || held ? 1 : 0;
      if (counts[0] + counts[2] == 0) {
        continue;
      }
      countsByRep.merge(a.getRepId(), counts,
          (x, y) -> new int[] {x[0] + y[0], x[1] + y[1], x[2] + y[2]});
    }

    Map<String, Double> series = new TreeMap<>();
    reps.forEach((id, event) -> {
      if (event.getChange() == ChangeType.DELETED) {
        return;
      }
      Integer target = event.getRep().getDailyCallTarget() != null
          ? event.getRep().getDailyCallTarget() : configuredTarget(config, event.getRep().getTeam());
      if (target != null) {
        series.put("crmpulse_daily_call_target{rep=\"" + id + "\",team=\"" + teamOf(event) + "\"}",
            (double) target);
      }
    });
    countsByRep.forEach((rep, c) -> {
      String labels = "{rep=\"" + rep + "\",team=\"" + teamOf(reps.get(rep)) + "\"}";
      series.put("crmpulse_calls_today" + labels, (double) c[0]);
      series.put("crmpulse_conversations_today" + labels, (double) c[2]);
      if (c[0] > 0) {
        series.put("crmpulse_contact_ratio_today" + labels, (double) c[1] / c[0]);
      }
    });
    activitySeries(series, activities, reps, logins, opportunities, firstSeen, asOf, defaultZone,
        trailingDays, weekend);
    return series;
  }

  /**
   * The activity series (docs/metrics.md, "Activity series") at {@code asOf}: periods of the rep's
   * zone, rolling windows, logins today and the trailing median, each straight from its definition.
   */
  private static void activitySeries(Map<String, Double> series, Map<String, CrmEvent> activities,
      Map<String, CrmEvent> reps, Map<String, CrmEvent> logins,
      Map<String, CrmEvent> opportunities, Map<String, Instant> firstSeen, Instant asOf,
      ZoneId defaultZone, int trailingDays, Set<DayOfWeek> weekend) {
    Map<String, Integer> counts = new TreeMap<>();
    // Per rep: outbound calls in 1h, 7d, 30d; connected outbound calls in 7d; opportunities in 30d.
    Map<String, int[]> windows = new TreeMap<>();
    Map<String, List<Instant>> outboundCalls = new TreeMap<>();
    for (CrmEvent event : activities.values()) {
      Activity a = event.getActivity();
      if (event.getChange() == ChangeType.DELETED || a.getStatus() != ActivityStatus.COMPLETED) {
        continue;
      }
      String rep = a.getRepId();
      ZoneId zone = zoneOf(reps.get(rep), defaultZone);
      LocalDate day = a.getOccurredAt().atZone(zone).toLocalDate();
      LocalDate today = asOf.atZone(zone).toLocalDate();
      LocalDate monday = today.minusDays(today.getDayOfWeek().getValue() - 1);
      Map<String, Boolean> periods = Map.of(
          "today", day.equals(today),
          "week", !day.isBefore(monday) && day.isBefore(monday.plusDays(7)),
          "month", day.getYear() == today.getYear() && day.getMonth() == today.getMonth());
      periods.forEach((period, in) -> {
        if (in) {
          counts.merge(ReferenceDeals.key("crmpulse_activities", "rep", rep,
              "team", teamOf(reps.get(rep)), "type", lower(a.getType()),
              "direction", lower(a.getDirection()), "outcome", lower(a.getOutcome()),
              "period", period), 1, Integer::sum);
        }
      });
      if (a.getType() != ActivityType.CALL || a.getDirection() != Direction.OUTBOUND) {
        continue;
      }
      outboundCalls.computeIfAbsent(rep, r -> new ArrayList<>()).add(a.getOccurredAt());
      int[] w = windows.computeIfAbsent(rep, r -> new int[5]);
      w[0] += within(a.getOccurredAt(), asOf, Duration.ofHours(1)) ? 1 : 0;
      w[1] += within(a.getOccurredAt(), asOf, Duration.ofDays(7)) ? 1 : 0;
      w[2] += within(a.getOccurredAt(), asOf, Duration.ofDays(30)) ? 1 : 0;
      w[3] += a.getOutcome() == Outcome.CONNECTED && within(a.getOccurredAt(), asOf, Duration.ofDays(7)) ? 1 : 0;
    }
    opportunities.forEach((id, event) -> {
      Opportunity o = event.getOpportunity();
      if (event.getChange() == ChangeType.DELETED) {
        return;
      }
      Instant created = o.getCreatedAt() != null ? o.getCreatedAt() : firstSeen.get(id);
      String owner = o.getOwnerId() == null || o.getOwnerId().isBlank() ? "unassigned" : o.getOwnerId();
      if (within(created, asOf, Duration.ofDays(30))) {
        windows.computeIfAbsent(owner, r -> new int[5])[4]++;
      }
    });
    logins.values().forEach(event -> {
      if (event.getChange() == ChangeType.DELETED) {
        return;
      }
      Login login = event.getLogin();
      ZoneId zone = zoneOf(reps.get(login.getRepId()), defaultZone);
      if (login.getOccurredAt().atZone(zone).toLocalDate().equals(asOf.atZone(zone).toLocalDate())) {
        counts.merge(ReferenceDeals.key("crmpulse_logins_today", "rep", login.getRepId(),
            "team", teamOf(reps.get(login.getRepId()))), 1, Integer::sum);
      }
    });
    counts.forEach((key, count) -> series.put(key, (double) count));

    windows.forEach((rep, w) -> {
      String team = teamOf(reps.get(rep));
      String[] names = {"crmpulse_outbound_calls", "crmpulse_outbound_calls",
          "crmpulse_outbound_calls", "crmpulse_connected_outbound_calls",
          "crmpulse_created_opportunities"};
      String[] windowOf = {"1h", "7d", "30d", "7d", "30d"};
      for (int i = 0; i < names.length; i++) {
        if (w[i] > 0) {
          series.put(ReferenceDeals.key(names[i], "rep", rep, "team", team, "window", windowOf[i]),
              (double) w[i]);
        }
      }
      if (w[1] > 0) {
        series.put(ReferenceDeals.key("crmpulse_contact_ratio", "rep", rep, "team", team,
            "window", "7d"), (double) w[3] / w[1]);
      }
      if (w[2] > 0) {
        series.put(ReferenceDeals.key("crmpulse_opportunities_per_1000_calls", "rep", rep,
            "team", team, "window", "30d"), 1000.0 * w[4] / w[2]);
      }
    });

    outboundCalls.forEach((rep, calls) -> {
      ZoneId zone = zoneOf(reps.get(rep), defaultZone);
      LocalDate today = asOf.atZone(zone).toLocalDate();
      LocalTime timeOfDay = asOf.atZone(zone).toLocalTime();
      List<LocalDate> days = new ArrayList<>();
      for (LocalDate d = today.minusDays(1); days.size() < trailingDays; d = d.minusDays(1)) {
        if (!weekend.contains(d.getDayOfWeek())) {
          days.add(d);
        }
      }
      List<Integer> byNow = new ArrayList<>();
      int all = 0;
      for (LocalDate d : days) {
        int n = 0;
        for (Instant call : calls) {
          LocalDateTime local = call.atZone(zone).toLocalDateTime();
          if (local.toLocalDate().equals(d)) {
            all++;
            n += local.toLocalTime().isAfter(timeOfDay) ? 0 : 1;
          }
        }
        byNow.add(n);
      }
      if (all > 0) {
        byNow.sort(null);
        int n = byNow.size();
        double median = n % 2 == 1 ? byNow.get(n / 2) : (byNow.get(n / 2 - 1) + byNow.get(n / 2)) / 2.0;
        series.put(ReferenceDeals.key("crmpulse_calls_trailing_median", "rep", rep,
            "team", teamOf(reps.get(rep))), median);
      }
    });
  }

  /** at in (t - window, t]. */
  private static boolean within(Instant at, Instant t, Duration window) {
    return at.isAfter(t.minus(window)) && !at.isAfter(t);
  }

  private static String lower(Enum<?> symbol) {
    return symbol.name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * The events replay counts at {@code asOf}, in file order: valid, {@code event_time <= asOf},
   * not an impossible clock (more than {@code maxFuture} ahead of every other event), and not more
   * than {@code lateness} behind the newest event before it in the file.
   */
  static List<CrmEvent> accepted(List<String> lines, Instant asOf, Duration lateness,
      Duration maxFuture) {
    List<CrmEvent> seen = new ArrayList<>();
    for (String line : lines) {
      CrmEvent event = parseValid(line);
      if (event != null && !event.getEventTime().isAfter(asOf)) {
        seen.add(event);
      }
    }
    // Impossible clocks: an event more than max-future ahead of every other event.
    List<CrmEvent> byTime = new ArrayList<>(seen);
    byTime.sort(Comparator.comparing(CrmEvent::getEventTime).reversed());
    Set<CrmEvent> impossible = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (int i = 0; i + 1 < byTime.size()
        && Duration.between(byTime.get(i + 1).getEventTime(), byTime.get(i).getEventTime())
            .compareTo(maxFuture) > 0; i++) {
      impossible.add(byTime.get(i));
    }

    List<CrmEvent> accepted = new ArrayList<>();
    Instant newest = null;
    for (CrmEvent event : seen) {
      if (impossible.contains(event)) {
        continue;
      }
      Instant time = event.getEventTime();
      boolean late = newest != null && time.isBefore(newest.minus(lateness));
      if (newest == null || time.isAfter(newest)) {
        newest = time;
      }
      if (!late) {
        accepted.add(event);
      }
    }
    return accepted;
  }

  /** The sample lines of a Prometheus text exposition, as series text to value. */
  static Map<String, Double> parseExposition(String text) {
    Map<String, Double> series = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int split = line.lastIndexOf(' ');
      String value = line.substring(split + 1);
      series.put(line.substring(0, split), switch (value) {
        case "+Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        default -> Double.parseDouble(value);
      });
    }
    return series;
  }

  private static Integer configuredTarget(Map<String, String> config, String team) {
    String forTeam = config.get("pacing.daily-call-target.team." + team);
    String forAll = config.getOrDefault("pacing.daily-call-target", "");
    String target = forTeam != null ? forTeam : forAll;
    return target.isBlank() ? null : Integer.valueOf(target.trim());
  }

  private static void keepNewest(Map<String, CrmEvent> records, String id, CrmEvent event) {
    Comparator<CrmEvent> order = Comparator.comparing(CrmEvent::getEventTime)
        .thenComparing(CrmEvent::getEventId);
    records.merge(id, event, (held, next) -> order.compare(next, held) > 0 ? next : held);
  }

  private static ZoneId zoneOf(CrmEvent rep, ZoneId defaultZone) {
    Rep record = rep == null || rep.getChange() == ChangeType.DELETED ? null : rep.getRep();
    return record == null || record.getTimeZone() == null ? defaultZone : ZoneId.of(record.getTimeZone());
  }

  private static String teamOf(CrmEvent rep) {
    Rep record = rep == null || rep.getChange() == ChangeType.DELETED ? null : rep.getRep();
    return record == null || record.getTeam() == null || record.getTeam().isBlank()
        ? "unknown" : record.getTeam();
  }

  private static CrmEvent parseValid(String line) {
    try {
      CrmEvent event = EventJson.parse(line);
      return EventValidator.check(event).isEmpty() ? event : null;
    } catch (InvalidEventException e) {
      return null;
    }
  }
}
