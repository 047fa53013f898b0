package io.crmpulse.launcher;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded event log of leads, opportunities and the activities that name them, over some weeks,
 * with the cases the lead and follow-up series have to get right: reps in zones whose days end at
 * different instants (across a DST switch and a month end), rep team and zone changes; leads with
 * and without created_at, messy sources, status and disposition changes, owner changes, qualified,
 * disqualified and deleted leads, versions tied on event_time; opportunities created from leads that
 * advance, go back, are won or deleted; touches that come quickly, late, or never after the first
 * (given up), inbound replies, connected calls, held meetings, calls logged ahead of time, edited,
 * cancelled, deleted and moved to another lead or opportunity. In event-time order.
 */
final class ProspectEvents {
  private static final String[] ZONES = {"Europe/Stockholm", "America/New_York", "Asia/Tokyo",
      "UTC", "Australia/Sydney"};
  private static final String[] SOURCES = {"Website", "web site", "Inbound Call", "trade-show",
      "Trade Show!", "referral", "outbound", "partner", "Cold list", " ", null};
  private static final String[] STATUSES = {"new", "attempted", "contacted", "qualified",
      "disqualified"};
  private static final String[] DISPOSITIONS = {null, "bad_contact_info", "no_response",
      "not_attempted", "wrong_person", "unqualified", "qualified", "other"};
  private static final String[] STAGES = {"prospecting", "qualification", "proposal", "negotiation",
      "legal_review"};

  private ProspectEvents() {}

  /** About 15 events a lead over {@code days} days from {@code start}. */
  static List<String> generate(long seed, Instant start, int leads, int days) {
    Random random = new Random(seed);
    List<Timed> events = new ArrayList<>();
    int reps = 7;
    for (int r = 0; r < reps; r++) {
      events.add(new Timed(start, rep("rep-" + r + "@0", start, "rep-" + r, "team-" + (r % 3),
          ZONES[r % ZONES.length])));
    }
    // A few reps change team or zone on the way.
    for (int r = 0; r < 3; r++) {
      Instant at = start.plus(Duration.ofHours(24 + random.nextInt(24 * (days - 2))));
      int rep = random.nextInt(reps);
      events.add(new Timed(at, rep("rep-" + rep + "@" + at, at, "rep-" + rep, "team-x",
          ZONES[random.nextInt(ZONES.length)])));
    }
    long span = Duration.ofDays(days).toMinutes();
    int opportunities = 0;
    for (int l = 0; l < leads; l++) {
      String id = "lead-" + l;
      Instant created = start.plus(Duration.ofMinutes(random.nextInt((int) span)));
      Map<String, Object> lead = new LinkedHashMap<>();
      lead.put("id", id);
      lead.put("owner_id", "rep-" + random.nextInt(reps));
      lead.put("source", SOURCES[random.nextInt(SOURCES.length)]);
      lead.put("status", "new");
      lead.put("disposition", null);
      // created_at absent, or a little before the record reached the CRM (imported leads).
      lead.put("created_at", random.nextInt(6) == 0 ? null
          : created.minus(Duration.ofMinutes(random.nextInt(4) == 0 ? random.nextInt(600) : 0)).toString());
      Instant at = created;
      int version = 0;
      events.add(new Timed(at, record(id + "#" + version++, at, "lead", "created", lead)));

      // The touches: a first one soon (or late, or never), then follow-ups until a response.
      List<String> touches = new ArrayList<>();
      int plan = random.nextInt(10);
      Instant occurred = created.plus(Duration.ofMinutes(switch (random.nextInt(5)) {
        case 0 -> random.nextInt(20);
        case 1 -> 30 + random.nextInt(60);
        case 2 -> 60 * (2 + random.nextInt(30));
        case 3 -> -random.nextInt(30); // touched before created_at
        default -> random.nextInt(300);
      }));
      int count = plan == 0 ? 0 : plan < 3 ? 1 : 2 + random.nextInt(9);
      String owner = (String) lead.get("owner_id");
      for (int t = 0; t < count; t++) {
        String act = id + "-a" + t;
        touches.add(act);
        boolean last = t == count - 1;
        String[] kind = last && random.nextInt(3) > 0 ? response(random) : outbound(random);
        String rep = random.nextInt(4) == 0 ? "rep-" + random.nextInt(reps) : owner;
        Instant logged = switch (random.nextInt(8)) {
          case 0 -> occurred.plus(Duration.ofHours(1 + random.nextInt(40))); // logged late
          case 1 -> occurred.minus(Duration.ofHours(1 + random.nextInt(20))); // logged ahead
          default -> occurred.plus(Duration.ofMinutes(random.nextInt(20)));
        };
        String status = random.nextInt(10) == 0 ? "planned" : "completed";
        String opp = random.nextInt(12) == 0 ? "opp-" + random.nextInt(Math.max(1, leads / 3)) : null;
        events.add(new Timed(logged, activity(act + "@1", logged, act, rep, kind, status, occurred,
            id, opp)));
        Instant edited = logged.plus(Duration.ofMinutes(20 + random.nextInt(60 * 24 * 3)));
        switch (random.nextInt(14)) {
          case 0 -> events.add(new Timed(edited, record(act + "@del", edited, "activity", "deleted",
              Map.of("id", act))));
          case 1 -> events.add(new Timed(edited, activity(act + "@2", edited, act, rep, kind,
              status, occurred, "lead-" + random.nextInt(leads), opp))); // moved to another lead
          case 2 -> events.add(new Timed(edited, activity(act + "@2", edited, act, rep, kind,
              "cancelled", occurred, id, opp)));
          case 3 -> events.add(new Timed(edited, activity(act + "@2", edited, act, rep, kind,
              status, occurred.minus(Duration.ofHours(1 + random.nextInt(50))), id, opp)));
          case 4 -> events.add(new Timed(edited, activity(act + "@2", edited, act,
              "rep-" + random.nextInt(reps), outbound(random), status, occurred, id, opp)));
          default -> { }
        }
        occurred = occurred.plus(Duration.ofMinutes(switch (random.nextInt(4)) {
          case 0 -> 30 + random.nextInt(600);
          case 1 -> 60 * 24 * (1 + random.nextInt(3));
          case 2 -> 60 * 24 * (5 + random.nextInt(6)); // around the give-up interval
          default -> 60 * (3 + random.nextInt(40));
        }));
      }

      // The lead's own life: status, disposition and owner changes, closed or deleted.
      int steps = random.nextInt(5);
      for (int s = 0; s < steps; s++) {
        at = at.plus(Duration.ofMinutes(60 + random.nextInt(60 * 24 * 6)));
        switch (random.nextInt(4)) {
          case 0 -> lead.put("owner_id", "rep-" + random.nextInt(reps));
          case 1 -> lead.put("disposition", DISPOSITIONS[random.nextInt(DISPOSITIONS.length)]);
          default -> lead.put("status", STATUSES[Math.min(STATUSES.length - 1, 1 + random.nextInt(4))]);
        }
        events.add(new Timed(at, record(id + "#" + version++, at, "lead", "updated", lead)));
        if (random.nextInt(5) == 0) {
          // a second version at the very same instant: ties broken by event_id
          lead.put("status", STATUSES[random.nextInt(STATUSES.length)]);
          events.add(new Timed(at, record(id + "#" + version++, at, "lead", "updated", lead)));
        }
      }
      if (random.nextInt(15) == 0) {
        Instant gone = at.plus(Duration.ofHours(1 + random.nextInt(24 * 5)));
        events.add(new Timed(gone, record(id + "#del", gone, "lead", "deleted", Map.of("id", id))));
      }

      // Some leads become opportunities, touched and advanced in turn.
      if (random.nextInt(3) == 0) {
        String opp = "opp-" + opportunities++;
        Instant opened = created.plus(Duration.ofHours(2 + random.nextInt(24 * 5)));
        Map<String, Object> deal = new LinkedHashMap<>();
        deal.put("id", opp);
        deal.put("owner_id", lead.get("owner_id"));
        deal.put("lead_id", id);
        deal.put("stage", STAGES[random.nextInt(2) == 0 ? 0 : random.nextInt(STAGES.length)]);
        deal.put("status", "open");
        deal.put("created_at", random.nextInt(5) == 0 ? null : opened.toString());
        int v = 0;
        Instant when = opened;
        events.add(new Timed(when, record(opp + "#" + v++, when, "opportunity", "created", deal)));
        Instant touched = opened.plus(Duration.ofMinutes(random.nextInt(600)));
        int dealTouches = random.nextInt(7);
        for (int t = 0; t < dealTouches; t++) {
          String act = opp + "-a" + t;
          String[] kind = t > 0 && random.nextInt(4) == 0 ? response(random) : outbound(random);
          Instant logged = touched.plus(Duration.ofMinutes(random.nextInt(90)));
          events.add(new Timed(logged, activity(act + "@1", logged, act,
              "rep-" + random.nextInt(reps), kind, "completed", touched, null, opp)));
          if (random.nextInt(10) == 0) {
            Instant edited = logged.plus(Duration.ofHours(1 + random.nextInt(48)));
            events.add(new Timed(edited, activity(act + "@2", edited, act, "rep-0", kind,
                "completed", touched, null, "opp-" + random.nextInt(opportunities))));
          }
          touched = touched.plus(Duration.ofMinutes(60 * (2 + random.nextInt(24 * 4))));
        }
        int moves = random.nextInt(4);
        for (int m = 0; m < moves; m++) {
          when = when.plus(Duration.ofMinutes(60 * (1 + random.nextInt(24 * 6))));
          int what = random.nextInt(6);
          if (what < 3) {
            deal.put("stage", STAGES[random.nextInt(STAGES.length)]);
          } else if (what < 4) {
            deal.put("status", random.nextBoolean() ? "won" : "lost");
          } else if (what < 5) {
            deal.put("owner_id", "rep-" + random.nextInt(reps));
          } else {
            events.add(new Timed(when, record(opp + "#del" + m, when, "opportunity", "deleted",
                Map.of("id", opp))));
            continue;
          }
          events.add(new Timed(when, record(opp + "#" + v++, when, "opportunity", "updated", deal)));
        }
      }
    }
    List<String> delivered = new ArrayList<>();
    events.stream().sorted(Comparator.comparing(Timed::at)).forEach(e -> delivered.add(e.line()));
    return delivered;
  }

  /** type, direction, outcome of an outbound touch. */
  private static String[] outbound(Random random) {
    return switch (random.nextInt(5)) {
      case 0, 1 -> new String[] {"call", "outbound", "no_answer"};
      case 2 -> new String[] {"call", "outbound", "voicemail"};
      case 3 -> new String[] {"email", "outbound", "sent"};
      default -> new String[] {"task", "outbound", "completed"};
    };
  }

  /** type, direction, outcome of a response: an inbound touch or a conversation. */
  private static String[] response(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> new String[] {"email", "inbound", "replied"};
      case 1 -> new String[] {"call", "inbound", "no_answer"};
      case 2 -> new String[] {"meeting", "outbound", "held"};
      case 3 -> new String[] {"visit", "other", "held"};
      default -> new String[] {"call", "outbound", "connected"};
    };
  }

  private static String rep(String eventId, Instant at, String id, String team, String zone) {
    return DealEvents.event(eventId, at, "rep", "updated", Map.of("id", id, "name", id,
        "team", team, "time_zone", zone));
  }

  private static String record(String eventId, Instant at, String entity, String change,
      Map<String, Object> fields) {
    Map<String, Object> r = new LinkedHashMap<>();
    fields.forEach((k, v) -> {
      if (v != null) {
        r.put(k, v);
      }
    });
    return DealEvents.event(eventId, at, entity, change, r);
  }

  private static String activity(String eventId, Instant at, String id, String rep, String[] kind,
      String status, Instant occurred, String lead, String opportunity) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", id);
    r.put("rep_id", rep);
    r.put("type", kind[0]);
    r.put("direction", kind[1]);
    r.put("outcome", kind[2]);
    r.put("status", status);
    r.put("occurred_at", occurred.toString());
    if (lead != null) {
      r.put("lead_id", lead);
    }
    if (opportunity != null) {
      r.put("opportunity_id", opportunity);
    }
    return DealEvents.event(eventId, at, "activity", "updated", r);
  }

  private record Timed(Instant at, String line) {}
}
