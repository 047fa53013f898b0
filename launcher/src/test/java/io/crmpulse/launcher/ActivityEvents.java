package io.crmpulse.launcher;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded event log of several weeks of rep activity for the activity series: reps in zones
 * whose days end at different instants and switch to daylight saving on different dates, working
 * days and quiet weekends, calls, emails and meetings of every outcome, logins, opportunities
 * created (some without created_at) and handed to another owner; calls logged late, logged ahead
 * of time, edited days later (outcome, rep, time), cancelled and deleted; deleted logins and
 * opportunities; a rep who moves to another zone and one whose record arrives after the first
 * calls. In event-time order; the test shuffles and duplicates.
 */
final class ActivityEvents {
  private static final String[] ZONES = {"Europe/Stockholm", "America/New_York", "Asia/Tokyo",
      "UTC", "America/Los_Angeles", "Australia/Sydney"};
  private static final String[] CALL_OUTCOMES = {"connected", "connected", "no_answer", "voicemail",
      "busy", "bad_number"};
  private static final String[] STAGES = {"prospecting", "qualification", "proposal"};

  private ActivityEvents() {}

  /** {@code days} days from {@code start}, some 30 events a rep on a working day. */
  static List<String> generate(long seed, Instant start, int days) {
    Random random = new Random(seed);
    List<Timed> events = new ArrayList<>();
    int reps = ZONES.length;
    for (int r = 0; r < reps; r++) {
      // The last rep's record comes two hours after the rep's first calls.
      Instant at = r == reps - 1 ? start.plus(Duration.ofDays(1)).plus(Duration.ofHours(2)) : start;
      events.add(new Timed(at, rep("rep-" + r, "team-" + (r % 2), ZONES[r], at)));
    }
    // Half-way, rep-3 moves from UTC to Stockholm.
    Instant moved = start.plus(Duration.ofDays(days / 2)).plus(Duration.ofHours(5));
    events.add(new Timed(moved, rep("rep-3", "team-1", "Europe/Stockholm", moved)));

    int activity = 0;
    int deal = 0;
    for (int d = 0; d < days; d++) {
      for (int r = 0; r < reps; r++) {
        String rep = "rep-" + r;
        ZoneId zone = ZoneId.of(r == 3 && d >= days / 2 ? "Europe/Stockholm" : ZONES[r]);
        LocalDate day = start.atZone(zone).toLocalDate().plusDays(d);
        boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY
            || day.getDayOfWeek() == DayOfWeek.SUNDAY;
        if (weekend && random.nextInt(3) != 0) {
          continue;
        }
        Instant shift = day.atTime(8, 0).atZone(zone).toInstant();
        for (int l = 0; l < 1 + random.nextInt(3); l++) {
          Instant at = shift.plus(Duration.ofMinutes(random.nextInt(9 * 60)));
          String id = "login-" + r + "-" + d + "-" + l;
          events.add(new Timed(at, login(id + "@0", at, id, rep, at)));
          if (random.nextInt(15) == 0) {
            Instant gone = at.plus(Duration.ofMinutes(10 + random.nextInt(600)));
            events.add(new Timed(gone, DealEvents.event(id + "@del", gone, "login", "deleted",
                Map.of("id", id))));
          }
        }
        int count = weekend ? 2 + random.nextInt(4) : 10 + random.nextInt(25);
        for (int a = 0; a < count; a++) {
          String id = "act-" + activity++;
          Instant occurred = shift.plus(Duration.ofMinutes(random.nextInt(10 * 60)));
          Map<String, Object> record = activityRecord(random, id, rep, occurred);
          // Most are logged within two hours; some a few minutes ahead of the time they name.
          Instant logged = random.nextInt(12) == 0
              ? occurred.minus(Duration.ofMinutes(1 + random.nextInt(40)))
              : occurred.plus(Duration.ofMinutes(random.nextInt(120)));
          events.add(new Timed(logged, DealEvents.event(id + "@0", logged, "activity", "created", record)));
          edit(random, events, id, record, logged, reps);
        }
        if (random.nextInt(3) == 0) {
          opportunity(random, events, "deal-" + deal++, rep, shift, reps);
        }
      }
    }
    events.sort(Comparator.comparing(Timed::at));
    return events.stream().map(Timed::line).toList();
  }

  private static Map<String, Object> activityRecord(Random random, String id, String rep,
      Instant occurred) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", id);
    r.put("rep_id", rep);
    int kind = random.nextInt(10);
    if (kind < 7) {
      r.put("type", "call");
      r.put("direction", kind == 0 ? "inbound" : "outbound");
      r.put("outcome", CALL_OUTCOMES[random.nextInt(CALL_OUTCOMES.length)]);
    } else if (kind < 9) {
      r.put("type", "email");
      r.put("direction", "outbound");
      r.put("outcome", random.nextBoolean() ? "sent" : "replied");
    } else {
      r.put("type", random.nextBoolean() ? "meeting" : "visit");
      r.put("direction", "outbound");
      r.put("outcome", random.nextInt(4) == 0 ? "no_show" : "held");
    }
    r.put("status", random.nextInt(20) == 0 ? "planned" : "completed");
    r.put("occurred_at", occurred.toString());
    return r;
  }

  /** Now and then a later version: minutes to days later, as CRM users fix their records. */
  private static void edit(Random random, List<Timed> events, String id,
      Map<String, Object> record, Instant logged, int reps) {
    int change = random.nextInt(14);
    if (change > 5) {
      return;
    }
    Instant at = logged.plus(Duration.ofMinutes(5 + random.nextInt(change < 3 ? 3 * 24 * 60 : 120)));
    Map<String, Object> edited = new LinkedHashMap<>(record);
    switch (change) {
      case 0 -> edited.put("rep_id", "rep-" + random.nextInt(reps));
      case 1 -> edited.put("outcome", "connected");
      case 2 -> edited.put("occurred_at", Instant.parse((String) record.get("occurred_at"))
          .minus(Duration.ofHours(1 + random.nextInt(48))).toString());
      case 3 -> edited.put("status", "cancelled");
      case 4 -> {
        events.add(new Timed(at, DealEvents.event(id + "@del", at, "activity", "deleted",
            Map.of("id", id))));
        return;
      }
      default -> edited.put("type", "email");
    }
    events.add(new Timed(at, DealEvents.event(id + "@" + at, at, "activity", "updated", edited)));
  }

  /** A deal created on the rep's shift, moved on a few times, maybe handed over or deleted. */
  private static void opportunity(Random random, List<Timed> events, String id, String owner,
      Instant shift, int reps) {
    Instant created = shift.plus(Duration.ofMinutes(random.nextInt(9 * 60)));
    Map<String, Object> deal = new LinkedHashMap<>();
    deal.put("id", id);
    deal.put("owner_id", owner);
    deal.put("stage", STAGES[0]);
    deal.put("amount", (random.nextInt(400) + 1) * 50);
    deal.put("currency", "EUR");
    deal.put("status", "open");
    boolean dated = random.nextInt(5) != 0;
    if (dated) {
      deal.put("created_at", created.toString());
    }
    // The CRM writes the record a little after it was created.
    Instant at = created.plus(Duration.ofMinutes(random.nextInt(30)));
    events.add(new Timed(at, DealEvents.event(id + "#0", at, "opportunity", "created", new LinkedHashMap<>(deal))));
    for (int v = 1; v <= random.nextInt(4); v++) {
      at = at.plus(Duration.ofHours(1 + random.nextInt(24 * 6)));
      deal.put("stage", STAGES[Math.min(v, STAGES.length - 1)]);
      if (random.nextInt(4) == 0) {
        deal.put("owner_id", "rep-" + random.nextInt(reps));
      }
      events.add(new Timed(at, DealEvents.event(id + "#" + v, at, "opportunity", "updated", new LinkedHashMap<>(deal))));
    }
    if (random.nextInt(12) == 0) {
      Instant gone = at.plus(Duration.ofHours(1 + random.nextInt(48)));
      events.add(new Timed(gone, DealEvents.event(id + "#del", gone, "opportunity", "deleted",
          Map.of("id", id))));
    }
  }

  private static String rep(String id, String team, String zone, Instant at) {
    return DealEvents.event(id + "@" + at, at, "rep", "updated", Map.of("id", id, "name", id,
        "team", team, "time_zone", zone, "daily_call_target", 30));
  }

  private static String login(String eventId, Instant at, String id, String rep, Instant occurred) {
    return DealEvents.event(eventId, at, "login", "created",
        Map.of("id", id, "rep_id", rep, "occurred_at", occurred.toString()));
  }

  private record Timed(Instant at, String line) {}
}
