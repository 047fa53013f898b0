package io.crmpulse.launcher;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A seeded event log of the cases a realistic simulation rarely makes: calls reassigned between
 * reps, edits that move a call across midnight or days back, cancellations and deletes, reps that
 * change time zone and rep records that arrive after the rep's first calls. Events are in
 * event-time order with up to 40 minutes of disorder, inside the allowed lateness.
 */
final class TrickyEvents {
  private static final String[] ZONES = {"Asia/Tokyo", "America/New_York", "Europe/Stockholm",
      "Pacific/Auckland", "America/Los_Angeles", "UTC"};
  private static final String[] OUTCOMES = {"connected", "no_answer", "voicemail", "busy"};

  private TrickyEvents() {}

  static List<String> generate(long seed, Instant start, int activities) {
    Random random = new Random(seed);
    List<Timed> events = new ArrayList<>();
    int reps = 5;
    for (int r = 0; r < reps; r++) {
      // Half the reps' records come an hour or three after their first calls.
      Instant at = r % 2 == 0 ? start : start.plus(Duration.ofMinutes(60 + random.nextInt(120)));
      events.add(new Timed(at, rep("rep-" + r, "team-" + (r % 2), ZONES[r % ZONES.length], at)));
    }
    Instant now = start;
    for (int i = 0; i < activities; i++) {
      now = now.plusSeconds(30 + random.nextInt(240));
      String id = "act-" + i;
      String rep = "rep-" + random.nextInt(reps);
      Instant occurred = now.minusSeconds(random.nextInt(4 * 3600));
      String type = random.nextInt(6) == 0 ? "meeting" : "call";
      String outcome = type.equals("meeting") ? (random.nextBoolean() ? "held" : "no_show")
          : OUTCOMES[random.nextInt(OUTCOMES.length)];
      String direction = random.nextInt(5) == 0 ? "inbound" : "outbound";
      events.add(new Timed(now, activity(id, rep, type, direction, outcome, "completed", occurred, now, "created")));
      Instant later = now.plusSeconds(60 + random.nextInt(3 * 3600));
      switch (random.nextInt(8)) {
        case 0 -> events.add(new Timed(later, activity(id, "rep-" + random.nextInt(reps), type,
            direction, outcome, "completed", occurred, later, "updated")));
        case 1 -> events.add(new Timed(later, activity(id, rep, type, direction, outcome,
            "completed", occurred.plus(Duration.ofHours(random.nextInt(2) == 0 ? 9 : -9)), later, "updated")));
        case 2 -> events.add(new Timed(later, activity(id, rep, type, direction, outcome,
            "completed", occurred.minus(Duration.ofDays(5)), later, "updated")));
        case 3 -> events.add(new Timed(later, activity(id, rep, type, direction, outcome,
            "cancelled", occurred, later, "updated")));
        case 4 -> events.add(new Timed(later, "{\"event_id\":\"" + id + "-del\",\"event_time\":\""
            + later + "\",\"source\":\"test\",\"entity\":\"activity\",\"change\":\"deleted\","
            + "\"activity\":{\"id\":\"" + id + "\"}}"));
        default -> { }
      }
      if (random.nextInt(150) == 0) {
        int r = random.nextInt(reps);
        events.add(new Timed(now, rep("rep-" + r, "team-" + random.nextInt(2),
            ZONES[random.nextInt(ZONES.length)], now)));
      }
    }
    // Deliver in event-time order, each event held back by up to 40 minutes.
    List<String> delivered = new ArrayList<>();
    events.stream()
        .map(e -> new Timed(e.at().plusSeconds(random.nextInt(2400)), e.line()))
        .sorted(java.util.Comparator.comparing(Timed::at))
        .forEach(e -> delivered.add(e.line()));
    return delivered;
  }

  private static String rep(String id, String team, String zone, Instant at) {
    return "{\"event_id\":\"" + id + "@" + at + "\",\"event_time\":\"" + at + "\",\"source\":\"test\","
        + "\"entity\":\"rep\",\"change\":\"updated\",\"rep\":{\"id\":\"" + id + "\",\"name\":\"" + id
        + "\",\"team\":\"" + team + "\",\"time_zone\":\"" + zone + "\"}}";
  }

  private static String activity(String id, String rep, String type, String direction,
      String outcome, String status, Instant occurred, Instant at, String change) {
    return String.format(Locale.ROOT, "{\"event_id\":\"%s@%s\",\"event_time\":\"%s\",\"source\":\"test\","
        + "\"entity\":\"activity\",\"change\":\"%s\",\"activity\":{\"id\":\"%s\",\"rep_id\":\"%s\","
        + "\"type\":\"%s\",\"direction\":\"%s\",\"outcome\":\"%s\",\"status\":\"%s\",\"occurred_at\":\"%s\"}}",
        id, at, at, change, id, rep, type, direction, outcome, status, occurred);
  }

  private record Timed(Instant at, String line) {}
}
