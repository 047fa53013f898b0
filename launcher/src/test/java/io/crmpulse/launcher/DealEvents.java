package io.crmpulse.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded event log of deals with the cases deal health has to get right: stage changes forward,
 * back and to a stage outside the configured list, versions tied on event_time, owner changes, rep
 * team changes, won, lost with messy reasons, reopened, deleted deals; calls logged late, logged
 * ahead of time, edited, moved to another deal, cancelled and deleted; snoozes of one kind or both,
 * ended early or deleted; bursts of calls on one deal (busy but not moving). Delivered in
 * event-time order with up to 40 minutes of disorder, inside the allowed lateness of an hour.
 */
final class DealEvents {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] STAGES = {"prospecting", "qualification", "proposal", "negotiation",
      "legal_review"};
  private static final String[] REASONS = {"Price", "price ", "Competitor", "No Budget!",
      "no-decision", "Timing", "went dark", " ", null};
  private static final String[] CURRENCIES = {"EUR", "EUR", "USD", null};
  private static final String[] FORECASTS = {"pipeline", "best_case", "commit", "omitted", null,
      "upside"};

  private DealEvents() {}

  /** About 25 events a deal over some 100 days from {@code start}. */
  static List<String> generate(long seed, Instant start, int deals) {
    Random random = new Random(seed);
    // Drawn apart, so that the rest of the log stays what it was before bursts were added.
    Random bursts = new Random(seed * 31 + 17);
    List<Timed> events = new ArrayList<>();
    int reps = 8;
    for (int r = 0; r < reps; r++) {
      events.add(new Timed(start, rep("rep-" + r + "@0", start, "rep-" + r, "team-" + (r % 3))));
    }
    for (int r = 0; r < 3; r++) {
      Instant at = start.plus(Duration.ofHours(24 * 10 + random.nextInt(24 * 30)));
      int rep = random.nextInt(reps);
      events.add(new Timed(at, rep("rep-" + rep + "@" + at, at, "rep-" + rep, "team-x")));
    }
    for (int d = 0; d < deals; d++) {
      String id = "deal-" + d;
      Instant created = start.plus(Duration.ofMinutes(random.nextInt(60 * 24 * 20)));
      Map<String, Object> deal = new LinkedHashMap<>();
      deal.put("id", id);
      deal.put("owner_id", "rep-" + random.nextInt(reps));
      deal.put("account_id", "acc-" + d);
      deal.put("stage", STAGES[random.nextInt(3)]);
      deal.put("amount", random.nextInt(10) == 0 ? null : (random.nextInt(2000) + 1) * 25 / 2.0);
      deal.put("currency", CURRENCIES[random.nextInt(CURRENCIES.length)]);
      deal.put("forecast_category", FORECASTS[random.nextInt(FORECASTS.length)]);
      deal.put("status", "open");
      deal.put("created_at", random.nextInt(8) == 0 ? null : created.toString());
      int version = 0;
      Instant at = created;
      events.add(new Timed(at, opportunity(id + "#" + version++, at, "created", deal)));
      int steps = random.nextInt(11);
      List<String> activities = new ArrayList<>();
      for (int s = 0; s < steps; s++) {
        at = at.plus(Duration.ofMinutes(60 * 24 * (1 + random.nextInt(25)) + random.nextInt(600)));
        int what = random.nextInt(10);
        if (what < 5) {
          int i = indexOf((String) deal.get("stage"));
          int next = random.nextInt(4) == 0 ? Math.max(0, i - 1) : Math.min(STAGES.length - 1, i + 1);
          deal.put("stage", STAGES[next]);
        } else if (what < 6) {
          deal.put("owner_id", "rep-" + random.nextInt(reps));
        } else if (what < 7) {
          deal.put("amount", (random.nextInt(2000) + 1) * 10.0);
        } else if (what < 8 && "open".equals(deal.get("status"))) {
          deal.put("status", random.nextBoolean() ? "won" : "lost");
          if ("lost".equals(deal.get("status"))) {
            deal.put("lost_reason", REASONS[random.nextInt(REASONS.length)]);
          }
        } else {
          deal.put("status", "open");
          deal.remove("lost_reason");
        }
        events.add(new Timed(at, opportunity(id + "#" + version++, at, "updated", deal)));
        if (random.nextInt(6) == 0) {
          // a second version at the very same instant: ties broken by event_id
          deal.put("stage", STAGES[random.nextInt(STAGES.length)]);
          events.add(new Timed(at, opportunity(id + "#" + version++, at, "updated", deal)));
        }
      }
      if (random.nextInt(20) == 0) {
        Instant gone = at.plus(Duration.ofHours(1 + random.nextInt(24 * 10)));
        events.add(new Timed(gone, event(id + "#del", gone, "opportunity", "deleted",
            Map.of("id", id))));
        if (random.nextBoolean()) {
          Instant back = gone.plus(Duration.ofDays(1 + random.nextInt(5)));
          deal.put("status", "open");
          events.add(new Timed(back, opportunity(id + "#back", back, "created", deal)));
        }
      }
      int calls = random.nextInt(25);
      for (int c = 0; c < calls; c++) {
        String act = id + "-a" + c;
        activities.add(act);
        Instant logged = created.plus(Duration.ofMinutes(random.nextInt(60 * 24 * 45)));
        Instant occurred = switch (random.nextInt(6)) {
          case 0 -> logged.minus(Duration.ofDays(1 + random.nextInt(10))); // logged late
          case 1 -> logged.plus(Duration.ofHours(1 + random.nextInt(48))); // logged ahead
          default -> logged.minus(Duration.ofMinutes(random.nextInt(180)));
        };
        String status = random.nextInt(8) == 0 ? "planned" : "completed";
        events.add(new Timed(logged, activity(act + "@1", logged, act, id, occurred, status)));
        Instant edited = logged.plus(Duration.ofMinutes(30 + random.nextInt(60 * 24 * 5)));
        switch (random.nextInt(10)) {
          case 0 -> events.add(new Timed(edited, event(act + "@del", edited, "activity", "deleted",
              Map.of("id", act))));
          case 1 -> events.add(new Timed(edited, activity(act + "@2", edited, act,
              "deal-" + random.nextInt(deals), occurred, status)));
          case 2 -> events.add(new Timed(edited, activity(act + "@2", edited, act, id, occurred,
              "cancelled")));
          case 3 -> events.add(new Timed(edited, activity(act + "@2", edited, act, id,
              occurred.minus(Duration.ofDays(3)), "completed")));
          default -> { }
        }
      }
      if (bursts.nextInt(3) == 0) {
        // A burst of calls within 12 days: with the stage old enough, busy but not moving.
        Instant from = created.plus(Duration.ofMinutes(bursts.nextInt(60 * 24 * 30)));
        int n = 5 + bursts.nextInt(4);
        for (int c = 0; c < n; c++) {
          String act = id + "-b" + c;
          Instant occurred = from.plus(Duration.ofMinutes(bursts.nextInt(60 * 24 * 12)));
          Instant logged = occurred.plus(Duration.ofMinutes(bursts.nextInt(90)));
          events.add(new Timed(logged, activity(act + "@1", logged, act, id, occurred,
              bursts.nextInt(10) == 0 ? "planned" : "completed")));
        }
      }
      if (random.nextInt(4) == 0) {
        String sid = id + "-s";
        Instant snoozed = created.plus(Duration.ofMinutes(random.nextInt(60 * 24 * 40)));
        String kind = new String[] {"neglected", "stalled", null}[random.nextInt(3)];
        Instant until = snoozed.plus(Duration.ofHours(24 + random.nextInt(24 * 14)));
        events.add(new Timed(snoozed, snooze(sid + "@1", snoozed, sid, id, kind, until)));
        Instant later = snoozed.plus(Duration.ofHours(1 + random.nextInt(24 * 7)));
        switch (random.nextInt(4)) {
          case 0 -> events.add(new Timed(later, event(sid + "@del", later, "snooze", "deleted",
              Map.of("id", sid, "opportunity_id", id))));
          case 1 -> events.add(new Timed(later, snooze(sid + "@2", later, sid, id, kind,
              until.plus(Duration.ofDays(5)))));
          default -> { }
        }
      }
    }
    List<String> delivered = new ArrayList<>();
    events.stream()
        .map(e -> new Timed(e.at().plusSeconds(random.nextInt(2400)), e.line()))
        .sorted(Comparator.comparing(Timed::at))
        .forEach(e -> delivered.add(e.line()));
    return delivered;
  }

  private static int indexOf(String stage) {
    for (int i = 0; i < STAGES.length; i++) {
      if (STAGES[i].equals(stage)) {
        return i;
      }
    }
    return 0;
  }

  private static String rep(String eventId, Instant at, String id, String team) {
    return event(eventId, at, "rep", "updated", Map.of("id", id, "name", id, "team", team,
        "time_zone", "Europe/Stockholm"));
  }

  private static String opportunity(String eventId, Instant at, String change,
      Map<String, Object> deal) {
    Map<String, Object> record = new LinkedHashMap<>();
    deal.forEach((k, v) -> {
      if (v != null) {
        record.put(k, v);
      }
    });
    return event(eventId, at, "opportunity", change, record);
  }

  private static String activity(String eventId, Instant at, String id, String deal,
      Instant occurred, String status) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", id);
    r.put("rep_id", "rep-0");
    r.put("type", "call");
    r.put("direction", "outbound");
    r.put("outcome", "connected");
    r.put("status", status);
    r.put("occurred_at", occurred.toString());
    r.put("opportunity_id", deal);
    return event(eventId, at, "activity", "updated", r);
  }

  private static String snooze(String eventId, Instant at, String id, String deal, String kind,
      Instant until) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", id);
    r.put("opportunity_id", deal);
    if (kind != null) {
      r.put("kind", kind);
    }
    r.put("until", until.toString());
    r.put("reason", "snoozed by " + id);
    return event(eventId, at, "snooze", "created", r);
  }

  /** One event as a JSON line, the record under the field named like the entity. */
  static String event(String eventId, Instant at, String entity, String change,
      Map<String, Object> record) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("event_id", eventId);
    e.put("event_time", at.toString());
    e.put("source", "test");
    e.put("entity", entity);
    e.put("change", change);
    e.put(entity, record);
    try {
      return JSON.writeValueAsString(e);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private record Timed(Instant at, String line) {}
}
