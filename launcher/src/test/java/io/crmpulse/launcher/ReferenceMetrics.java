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
import io.crmpulse.events.EntityType;
import io.crmpulse.events.Outcome;
import io.crmpulse.events.Rep;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The contract's activity series computed the plain way, with no Flink and none of the job's
 * classes: read the whole log, keep the newest version of every record, count. Tests compare
 * {@code replay} with it.
 */
final class ReferenceMetrics {
  private ReferenceMetrics() {}

  /** Series text ({@code name{rep="..",team=".."}}) to value, as served at {@code asOf}. */
  static Map<String, Double> compute(List<String> lines, Instant asOf, Duration lateness,
      Duration maxFuture, ZoneId defaultZone) {
    Map<String, CrmEvent> activities = new HashMap<>();
    Map<String, CrmEvent> reps = new HashMap<>();
    for (CrmEvent event : accepted(lines, asOf, lateness, maxFuture)) {
      if (event.getEntity() == EntityType.ACTIVITY) {
        keepNewest(activities, event.getActivity().getId(), event);
      } else if (event.getEntity() == EntityType.REP) {
        keepNewest(reps, event.getRep().getId(), event);
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
      if (event.getChange() != ChangeType.DELETED && event.getRep().getDailyCallTarget() != null) {
        series.put("crmpulse_daily_call_target{rep=\"" + id + "\",team=\"" + teamOf(event) + "\"}",
            (double) event.getRep().getDailyCallTarget());
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
    return series;
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
