package io.crmpulse.launcher;

import io.crmpulse.events.Activity;
import io.crmpulse.events.ActivityStatus;
import io.crmpulse.events.ActivityType;
import io.crmpulse.events.ChangeType;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.Direction;
import io.crmpulse.events.Lead;
import io.crmpulse.events.Opportunity;
import io.crmpulse.events.OpportunityStatus;
import io.crmpulse.events.Outcome;
import io.crmpulse.events.Rep;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The lead and follow-up series (docs/metrics.md, "Lead series" and "Follow-up series") computed
 * the plain way, with no Flink and none of the job's classes: read the whole log, keep the newest
 * version of every record (all versions of opportunities, for their advance), and evaluate every
 * definition at as-of. Tests compare {@code replay} with it.
 *
 * <p>Readings of the spec where it leaves room (docs/metrics.md repeats them):
 *
 * <ul>
 *   <li>{@code crmpulse_followups} counts the follow-ups of any lead or opportunity an activity
 *       names, known or not, deleted or not: the work was done; an activity that is a follow-up of
 *       both its lead and its opportunity counts once. Only the opportunity's advance needs
 *       its versions.
 *   <li>{@code crmpulse_calls_by_lead_status} counts completed outbound calls whatever their
 *       occurred_at (as {@code crmpulse_calls_today} does); the lead's touches are only those that
 *       occurred at or before now.
 *   <li>A lead's created_at in the period counts, even later than now in the same period.
 *   <li>A stage that is not in {@code deals.stages} comes later than no stage, and no stage comes
 *       later than it.
 *   <li>The source label is lower-cased, runs of characters other than a-z and 0-9 become
 *       {@code _}, and leading and trailing {@code _} go (as lost reasons).
 * </ul>
 */
final class ReferenceProspects {
  private static final Duration WINDOW = Duration.ofDays(30);
  private static final long[] SECONDS = {60, 300, 900, 1800, 3600, 14400, 28800, 86400};
  private static final int[] FOLLOWUPS = {0, 1, 2, 3, 4, 5, 6, 8, 10};

  private ReferenceProspects() {}

  /** The settings these series read, from job config keys, with the job's defaults. */
  record Settings(Set<String> sources, Duration sla, Duration giveUp, List<String> stages,
      ZoneId defaultZone) {
    static Settings of(Map<String, String> config) {
      Set<String> sources = new HashSet<>(Arrays.asList(config.getOrDefault("leads.sources",
          "website,inbound_call,trade_show,referral,outbound,partner").split(",")));
      sources.removeIf(String::isBlank);
      List<String> stages = new ArrayList<>();
      for (String entry : config.getOrDefault("deals.stages",
          "prospecting:0.1,qualification:0.2,proposal:0.5,negotiation:0.8").split(",")) {
        stages.add(entry.substring(0, entry.lastIndexOf(':')).trim());
      }
      return new Settings(sources, duration(config.getOrDefault("leads.response-sla", "1 h")),
          duration(config.getOrDefault("leads.give-up-after", "7 d")), stages,
          ZoneId.of(config.getOrDefault("reps.default-time-zone", "UTC")));
    }
  }

  static Map<String, Double> series(List<String> lines, Instant asOf, Duration lateness,
      Duration maxFuture, Map<String, String> config) {
    return series(ReferenceMetrics.accepted(lines, asOf, lateness, maxFuture), asOf,
        Settings.of(config));
  }

  static Map<String, Double> series(List<CrmEvent> accepted, Instant asOf, Settings settings) {
    Map<String, CrmEvent> reps = new HashMap<>();
    Map<String, CrmEvent> leads = new HashMap<>();
    Map<String, CrmEvent> firstLeads = new HashMap<>();
    Map<String, List<CrmEvent>> opportunities = new HashMap<>();
    Map<String, CrmEvent> activities = new HashMap<>();
    for (CrmEvent e : accepted) {
      switch (e.getEntity()) {
        case REP -> keepNewest(reps, e.getRep().getId(), e);
        case LEAD -> {
          keepNewest(leads, e.getLead().getId(), e);
          keepOldest(firstLeads, e.getLead().getId(), e);
        }
        case OPPORTUNITY -> {
          List<CrmEvent> versions = opportunities.computeIfAbsent(e.getOpportunity().getId(),
              id -> new ArrayList<>());
          if (versions.stream().noneMatch(v -> ORDER.compare(v, e) == 0)) {
            versions.add(e);
          }
        }
        case ACTIVITY -> keepNewest(activities, e.getActivity().getId(), e);
        default -> { }
      }
    }
    opportunities.values().forEach(v -> v.sort(ORDER));

    // Completed activities (current versions, not deleted) by the lead and opportunity they name.
    Map<String, List<Activity>> byLead = new TreeMap<>();
    Map<String, List<Activity>> byOpportunity = new TreeMap<>();
    for (CrmEvent e : activities.values()) {
      Activity a = e.getActivity();
      if (e.getChange() == ChangeType.DELETED || a.getStatus() != ActivityStatus.COMPLETED) {
        continue;
      }
      if (a.getLeadId() != null && !a.getLeadId().isBlank()) {
        byLead.computeIfAbsent(a.getLeadId(), id -> new ArrayList<>()).add(a);
      }
      if (a.getOpportunityId() != null && !a.getOpportunityId().isBlank()) {
        byOpportunity.computeIfAbsent(a.getOpportunityId(), id -> new ArrayList<>()).add(a);
      }
    }

    Counts counts = new Counts(reps, settings, asOf);
    Set<String> leadIds = new TreeSet<>(leads.keySet());
    leadIds.addAll(byLead.keySet());
    for (String id : leadIds) {
      List<Activity> named = byLead.getOrDefault(id, List.of());
      List<Activity> touches = touchesAt(named, asOf);
      CrmEvent current = leads.get(id);
      boolean alive = current != null && current.getChange() != ChangeType.DELETED;
      long answered = firstResponse(touches);
      int followUps = followUps(touches, answered, counts);
      if (!alive) {
        continue;
      }
      Lead lead = current.getLead();
      String owner = owner(lead.getOwnerId());
      Instant created = lead.getCreatedAt() != null ? lead.getCreatedAt()
          : firstLeads.get(id).getEventTime();
      String source = source(lead.getSource(), settings.sources());
      List<Activity> outbound = touches.stream().filter(ReferenceProspects::outbound).toList();
      counts.inPeriods(owner, created, "crmpulse_leads", "source", source);
      if (!outbound.isEmpty()) {
        counts.inPeriods(owner, created, "crmpulse_leads_pursued", "source", source);
        long delay = Math.max(0, outbound.get(0).getOccurredAt().toEpochMilli() - created.toEpochMilli());
        for (long bound : SECONDS) {
          if (delay <= bound * 1000) {
            counts.inPeriods(owner, created, "crmpulse_speed_to_lead_within", "max_seconds",
                String.valueOf(bound));
          }
        }
        counts.inPeriods(owner, created, "crmpulse_speed_to_lead_within", "max_seconds", "+Inf");
      }
      if (touches.stream().anyMatch(ReferenceProspects::conversation)) {
        counts.inPeriods(owner, created, "crmpulse_leads_contacted", "source", source);
      }
      counts.inPeriods(owner, created, "crmpulse_leads_by_disposition", "disposition",
          lead.getDisposition() == null ? "none" : lower(lead.getDisposition()));
      Instant slaEnd = created.plus(settings.sla());
      if (Duration.between(created, asOf).compareTo(settings.sla()) > 0
          && outbound.stream().noneMatch(t -> !t.getOccurredAt().isAfter(slaEnd))) {
        counts.inPeriods(owner, created, "crmpulse_leads_sla_breached");
      }
      String status = lead.getStatus() == null ? "unknown" : lower(lead.getStatus());
      for (Activity a : named) {
        if (a.getType() == ActivityType.CALL && a.getDirection() == Direction.OUTBOUND) {
          counts.inPeriods(a.getRepId(), a.getOccurredAt(), "crmpulse_calls_by_lead_status",
              "lead_status", status);
        }
      }
      if (!touches.isEmpty() && outbound(touches.get(0))) {
        Instant f = touches.get(0).getOccurredAt();
        Instant end = f.plus(settings.giveUp());
        boolean silent = touches.stream().skip(1)
            .noneMatch(t -> t.getOccurredAt().isAfter(f) && !t.getOccurredAt().isAfter(end));
        if (silent && within(end, asOf)) {
          counts.add(owner, "crmpulse_leads_given_up", "window", "30d");
        }
      }
      counts.beforeResponse(owner, answered, followUps);
    }

    Set<String> opportunityIds = new TreeSet<>(opportunities.keySet());
    opportunityIds.addAll(byOpportunity.keySet());
    for (String id : opportunityIds) {
      List<Activity> touches = touchesAt(byOpportunity.getOrDefault(id, List.of()), asOf);
      List<CrmEvent> versions = opportunities.getOrDefault(id, List.of());
      long answered = Math.min(firstResponse(touches), advance(versions, settings.stages()));
      int followUps = followUps(touches, answered, counts);
      CrmEvent current = versions.isEmpty() ? null : versions.get(versions.size() - 1);
      if (current != null && current.getChange() != ChangeType.DELETED) {
        counts.beforeResponse(owner(current.getOpportunity().getOwnerId()), answered, followUps);
      }
    }
    return counts.series;
  }

  /** Touches at now, in touch order: occurred at or before now, by (occurred_at, id). */
  private static List<Activity> touchesAt(List<Activity> completed, Instant now) {
    return completed.stream().filter(a -> !a.getOccurredAt().isAfter(now))
        .sorted(Comparator.comparing(Activity::getOccurredAt).thenComparing(Activity::getId))
        .toList();
  }

  /** Counts the follow-ups (for their reps) and returns how many there are. */
  private static int followUps(List<Activity> touches, long answered, Counts counts) {
    int n = 0;
    for (int i = 1; i < touches.size(); i++) {
      Activity t = touches.get(i);
      if (outbound(t) && t.getOccurredAt().toEpochMilli() < answered) {
        n++;
        if (counts.followUps.add(t.getId())) {
          // A call that names a lead and its deal is one follow-up of the rep's, not two.
          counts.inPeriods(t.getRepId(), t.getOccurredAt(), "crmpulse_followups");
        }
      }
    }
    return n;
  }

  private static long firstResponse(List<Activity> touches) {
    return touches.stream().filter(t -> t.getDirection() == Direction.INBOUND || conversation(t))
        .findFirst().map(t -> t.getOccurredAt().toEpochMilli()).orElse(Long.MAX_VALUE);
  }

  /**
   * Earliest version with a stage later than the earliest version's, or won; never when the
   * earliest version is not open.
   */
  private static long advance(List<CrmEvent> versions, List<String> stages) {
    if (versions.isEmpty()) {
      return Long.MAX_VALUE;
    }
    Opportunity first = versions.get(0).getChange() == ChangeType.DELETED ? null
        : versions.get(0).getOpportunity();
    if (first == null || (first.getStatus() != null && first.getStatus() != OpportunityStatus.OPEN)) {
      return Long.MAX_VALUE;
    }
    int from = first == null || first.getStage() == null ? -1 : stages.indexOf(first.getStage());
    for (CrmEvent v : versions) {
      if (v.getChange() == ChangeType.DELETED) {
        continue;
      }
      Opportunity o = v.getOpportunity();
      boolean won = o.getStatus() == OpportunityStatus.WON;
      boolean later = from >= 0 && o.getStage() != null && stages.indexOf(o.getStage()) > from;
      if (won || later) {
        return v.getEventTime().toEpochMilli();
      }
    }
    return Long.MAX_VALUE;
  }

  private static boolean outbound(Activity a) {
    return a.getDirection() == Direction.OUTBOUND;
  }

  private static boolean conversation(Activity a) {
    boolean call = a.getType() == ActivityType.CALL && a.getOutcome() == Outcome.CONNECTED;
    boolean held = (a.getType() == ActivityType.MEETING || a.getType() == ActivityType.VISIT)
        && a.getOutcome() == Outcome.HELD;
    return call || held;
  }

  /** In the window (now - 30 d, now]. */
  private static boolean within(Instant at, Instant now) {
    return at.isAfter(now.minus(WINDOW)) && !at.isAfter(now);
  }

  static String source(String source, Set<String> kept) {
    if (source == null || source.isBlank()) {
      return "unknown";
    }
    String label = source.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
        .replaceAll("^_+|_+$", "");
    return kept.contains(label) ? label : "other";
  }

  private static String owner(String ownerId) {
    return ownerId == null || ownerId.isBlank() ? "unassigned" : ownerId;
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** The series being counted, with each rep's zone and team at as-of. */
  private static final class Counts {
    final Map<String, Double> series = new TreeMap<>();
    /** Activities counted as a follow-up so far. */
    final Set<String> followUps = new HashSet<>();
    final Map<String, CrmEvent> reps;
    final Settings settings;
    final Instant asOf;

    Counts(Map<String, CrmEvent> reps, Settings settings, Instant asOf) {
      this.reps = reps;
      this.settings = settings;
      this.asOf = asOf;
    }

    /** One for each period of the rep's zone (today, ISO week, month) containing both instants. */
    void inPeriods(String rep, Instant at, String name, String... labels) {
      ZoneId zone = zone(rep);
      LocalDate day = at.atZone(zone).toLocalDate();
      LocalDate today = asOf.atZone(zone).toLocalDate();
      if (day.equals(today)) {
        add(rep, name, with(labels, "period", "today"));
      }
      if (day.get(IsoFields.WEEK_BASED_YEAR) == today.get(IsoFields.WEEK_BASED_YEAR)
          && day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) == today.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)) {
        add(rep, name, with(labels, "period", "week"));
      }
      if (day.getYear() == today.getYear() && day.getMonth() == today.getMonth()) {
        add(rep, name, with(labels, "period", "month"));
      }
    }

    void beforeResponse(String owner, long answered, int followUps) {
      if (answered == Long.MAX_VALUE || !within(Instant.ofEpochMilli(answered), asOf)) {
        return;
      }
      for (int bound : FOLLOWUPS) {
        if (followUps <= bound) {
          add(owner, "crmpulse_followups_before_response", "window", "30d", "max_followups",
              String.valueOf(bound));
        }
      }
      add(owner, "crmpulse_followups_before_response", "window", "30d", "max_followups", "+Inf");
    }

    void add(String rep, String name, String... labels) {
      String[] all = with(with(labels, "rep", rep), "team", team(rep));
      series.merge(ReferenceDeals.key(name, all), 1.0, Double::sum);
    }

    private ZoneId zone(String rep) {
      CrmEvent e = reps.get(rep);
      Rep record = e == null || e.getChange() == ChangeType.DELETED ? null : e.getRep();
      return record == null || record.getTimeZone() == null ? settings.defaultZone()
          : ZoneId.of(record.getTimeZone());
    }

    private String team(String rep) {
      CrmEvent e = reps.get(rep);
      Rep record = e == null || e.getChange() == ChangeType.DELETED ? null : e.getRep();
      return record == null || record.getTeam() == null || record.getTeam().isBlank()
          ? "unknown" : record.getTeam();
    }

    private static String[] with(String[] labels, String key, String value) {
      String[] all = Arrays.copyOf(labels, labels.length + 2);
      all[labels.length] = key;
      all[labels.length + 1] = value;
      return all;
    }
  }

  private static final Comparator<CrmEvent> ORDER =
      Comparator.comparing(CrmEvent::getEventTime).thenComparing(CrmEvent::getEventId);

  private static void keepNewest(Map<String, CrmEvent> records, String id, CrmEvent event) {
    records.merge(id, event, (held, next) -> ORDER.compare(next, held) > 0 ? next : held);
  }

  private static void keepOldest(Map<String, CrmEvent> records, String id, CrmEvent event) {
    records.merge(id, event, (held, next) -> ORDER.compare(next, held) < 0 ? next : held);
  }

  /** A duration as the job's config writes them: {@code <n> ms|s|min|h|d}. */
  static Duration duration(String text) {
    String[] parts = text.trim().split("\\s+");
    long n = Long.parseLong(parts[0]);
    return switch (parts.length == 1 ? "ms" : parts[1]) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "min" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> throw new IllegalArgumentException("duration " + text);
    };
  }
}
