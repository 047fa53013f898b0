package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@link ReferenceProspects} on small logs worked out by hand. */
class ReferenceProspectsTest {
  private static final Duration LATENESS = Duration.ofHours(1);
  private static final Duration MAX_FUTURE = Duration.ofDays(1);
  /** 23:30 in Stockholm on the day it springs forward (a 23-hour Sunday). */
  private static final Instant CREATED = Instant.parse("2026-03-29T21:30:00Z");

  private final List<String> log = new ArrayList<>();
  private int ids;

  @Test
  void aLeadCountsInTheOwnersTodayWeekAndMonthUntilEachEnds() {
    rep("r1", "north", "Europe/Stockholm");
    lead("l1", "r1", "Web-Site", "new", CREATED, CREATED);
    Map<String, Double> sunday = at(CREATED.plus(minutes(15)));
    assertThat(named(sunday, "crmpulse_leads")).containsOnlyKeys(
        "crmpulse_leads{period=\"today\",rep=\"r1\",source=\"other\",team=\"north\"}",
        "crmpulse_leads{period=\"week\",rep=\"r1\",source=\"other\",team=\"north\"}",
        "crmpulse_leads{period=\"month\",rep=\"r1\",source=\"other\",team=\"north\"}");
    // 00:15 on Monday the 30th in Stockholm: a new day and a new ISO week, the same month.
    Map<String, Double> monday = at(CREATED.plus(minutes(45)));
    assertThat(named(monday, "crmpulse_leads")).containsOnlyKeys(
        "crmpulse_leads{period=\"month\",rep=\"r1\",source=\"other\",team=\"north\"}");
    assertThat(named(monday, "crmpulse_leads_by_disposition")).containsOnlyKeys(
        "crmpulse_leads_by_disposition{disposition=\"none\",period=\"month\",rep=\"r1\",team=\"north\"}");
  }

  @Test
  void speedToLeadAndTheSlaCountFromCreatedAt() {
    rep("r1", "north", "UTC");
    lead("l1", "r1", "website", "new", CREATED, CREATED);
    call("a1", "r2", "l1", "outbound", "no_answer", CREATED.plus(minutes(10)), CREATED.plus(minutes(10)));
    lead("l2", "r1", "referral", "new", CREATED, CREATED);
    Instant slaEnd = CREATED.plus(Duration.ofHours(1));
    Map<String, Double> atSla = at(slaEnd);
    // 600 s: in the 900 s bucket and every later one, not in 60 s or 300 s.
    assertThat(month(named(atSla, "crmpulse_speed_to_lead_within"))).containsExactlyInAnyOrderEntriesOf(Map.of(
        "900", 1.0, "1800", 1.0, "3600", 1.0, "14400", 1.0, "28800", 1.0, "86400", 1.0, "+Inf", 1.0));
    assertThat(named(atSla, "crmpulse_leads_sla_breached")).isEmpty();
    assertThat(named(atSla, "crmpulse_leads_pursued")).hasSize(3);
    // One millisecond later l2 has gone an hour without an outbound touch.
    Map<String, Double> after = at(slaEnd.plusMillis(1));
    assertThat(named(after, "crmpulse_leads_sla_breached")).containsOnlyKeys(
        "crmpulse_leads_sla_breached{period=\"month\",rep=\"r1\",team=\"north\"}",
        "crmpulse_leads_sla_breached{period=\"today\",rep=\"r1\",team=\"north\"}",
        "crmpulse_leads_sla_breached{period=\"week\",rep=\"r1\",team=\"north\"}");
    // The calling rep counts the call by the lead's status.
    assertThat(named(after, "crmpulse_calls_by_lead_status")).containsKey(
        "crmpulse_calls_by_lead_status{lead_status=\"new\",period=\"today\",rep=\"r2\",team=\"unknown\"}");
  }

  @Test
  void followUpsComeAfterTheFirstTouchAndBeforeTheFirstResponse() {
    rep("r1", "north", "UTC");
    lead("l1", "r1", "website", "new", CREATED, CREATED);
    Instant t = CREATED.plus(minutes(5));
    call("a1", "r1", "l1", "outbound", "no_answer", t, t);
    call("a2", "r2", "l1", "outbound", "voicemail", t.plus(Duration.ofDays(1)), t.plus(Duration.ofDays(1)));
    call("a3", "r2", "l1", "outbound", "busy", t.plus(Duration.ofDays(2)), t.plus(Duration.ofDays(2)));
    call("a4", "r1", "l1", "inbound", "no_answer", t.plus(Duration.ofDays(3)), t.plus(Duration.ofDays(3)));
    call("a5", "r2", "l1", "outbound", "no_answer", t.plus(Duration.ofDays(4)), t.plus(Duration.ofDays(4)));
    Map<String, Double> series = at(t.plus(Duration.ofDays(5)));
    // Both follow-ups fall in the ISO week from Monday the 30th, and in March: not in April's
    // month to date, nor today.
    assertThat(named(series, "crmpulse_followups")).containsOnly(
        Map.entry("crmpulse_followups{period=\"week\",rep=\"r2\",team=\"unknown\"}", 2.0));
    Map<String, Double> buckets = new TreeMap<>();
    named(series, "crmpulse_followups_before_response").forEach((k, v) ->
        buckets.put(k.replaceAll(".*max_followups=\"([^\"]+)\".*", "$1"), v));
    assertThat(buckets).containsOnlyKeys("2", "3", "4", "5", "6", "8", "10", "+Inf");
    // Not given up: the inbound call came within seven days... and the lead was not silent.
    assertThat(named(series, "crmpulse_leads_given_up")).isEmpty();
  }

  @Test
  void aLeadIsGivenUpWhenNoTouchFollowsTheFirstOutboundOneForTheInterval() {
    rep("r1", "north", "UTC");
    lead("l1", "r1", "website", "new", CREATED, CREATED);
    Instant f = CREATED.plus(minutes(5));
    call("a1", "r1", "l1", "outbound", "no_answer", f, f);
    // A touch just after the interval does not save it; one at its very end would.
    Instant late = f.plus(Duration.ofDays(7)).plusMillis(1);
    keepTheClockPlausible(f, f.plus(Duration.ofDays(40)));
    call("a2", "r1", "l1", "outbound", "no_answer", late, late);
    assertThat(named(at(f.plus(Duration.ofDays(7)).minusMillis(1)), "crmpulse_leads_given_up")).isEmpty();
    assertThat(at(f.plus(Duration.ofDays(8)))).containsEntry(
        "crmpulse_leads_given_up{rep=\"r1\",team=\"north\",window=\"30d\"}", 1.0);
    assertThat(named(at(f.plus(Duration.ofDays(37))), "crmpulse_leads_given_up")).isEmpty();
  }

  @Test
  void anOpportunityAnswersWhenItFirstAdvancesPastItsFirstStage() {
    rep("r1", "north", "UTC");
    opportunity("o1", "r1", "qualification", "open", CREATED);
    Instant t = CREATED.plus(minutes(1));
    call("b1", "r2", null, "outbound", "no_answer", t, t, "o1");
    call("b2", "r2", null, "outbound", "no_answer", t.plus(Duration.ofDays(1)), t.plus(Duration.ofDays(1)), "o1");
    opportunity("o1", "r1", "prospecting", "open", CREATED.plus(Duration.ofDays(2)));
    call("b3", "r2", null, "outbound", "no_answer", t.plus(Duration.ofDays(3)), t.plus(Duration.ofDays(3)), "o1");
    opportunity("o1", "r1", "proposal", "open", CREATED.plus(Duration.ofDays(4)));
    call("b4", "r2", null, "outbound", "no_answer", t.plus(Duration.ofDays(5)), t.plus(Duration.ofDays(5)), "o1");
    Map<String, Double> series = at(CREATED.plus(Duration.ofDays(6)));
    assertThat(series).containsEntry("crmpulse_followups{period=\"week\",rep=\"r2\",team=\"unknown\"}", 2.0)
        .containsEntry("crmpulse_followups_before_response{max_followups=\"2\",rep=\"r1\",team=\"north\",window=\"30d\"}", 1.0)
        .doesNotContainKey("crmpulse_followups_before_response{max_followups=\"1\",rep=\"r1\",team=\"north\",window=\"30d\"}");
  }

  // --- fixtures ---

  /** The series at {@code asOf}, the log delivered in event-time order. */
  private Map<String, Double> at(Instant asOf) {
    List<String> ordered = log.stream()
        .sorted(java.util.Comparator.comparing(ReplayDifferentialTest::eventTime)).toList();
    return ReferenceProspects.series(ordered, asOf, LATENESS, MAX_FUTURE, Map.of());
  }

  private static Map<String, Double> named(Map<String, Double> series, String name) {
    Map<String, Double> named = new TreeMap<>(series);
    named.keySet().removeIf(k -> !k.startsWith(name + "{"));
    return named;
  }

  /** Speed-to-lead buckets of the month: max_seconds to value. */
  private static Map<String, Double> month(Map<String, Double> series) {
    Map<String, Double> buckets = new TreeMap<>();
    series.forEach((k, v) -> {
      if (k.contains("period=\"month\"")) {
        buckets.put(k.replaceAll(".*max_seconds=\"([^\"]+)\".*", "$1"), v);
      }
    });
    return buckets;
  }

  /**
   * Events every 12 hours from {@code from} to {@code to}: an event more than a day ahead of all
   * others would be an impossible clock, and rejected.
   */
  private void keepTheClockPlausible(Instant from, Instant to) {
    for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofHours(12))) {
      log.add(DealEvents.event("ev-" + ++ids, t, "rep", "updated",
          Map.of("id", "r9", "name", "r9", "team", "filler", "time_zone", "UTC")));
    }
  }

  private static Duration minutes(long n) {
    return Duration.ofMinutes(n);
  }

  private void rep(String id, String team, String zone) {
    log.add(DealEvents.event("ev-" + ++ids, CREATED.minus(Duration.ofHours(1)), "rep", "created",
        Map.of("id", id, "name", id, "team", team, "time_zone", zone)));
  }

  private void lead(String id, String owner, String source, String status, Instant createdAt,
      Instant at) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", id);
    r.put("owner_id", owner);
    r.put("source", source);
    r.put("status", status);
    r.put("created_at", createdAt.toString());
    log.add(DealEvents.event("ev-" + ++ids, at, "lead", "created", r));
  }

  private void opportunity(String id, String owner, String stage, String status, Instant at) {
    log.add(DealEvents.event("ev-" + ++ids, at, "opportunity", "updated", Map.of("id", id,
        "owner_id", owner, "stage", stage, "status", status, "created_at", CREATED.toString())));
  }

  private void call(String id, String rep, String lead, String direction, String outcome,
      Instant occurred, Instant at) {
    call(id, rep, lead, direction, outcome, occurred, at, null);
  }

  private void call(String id, String rep, String lead, String direction, String outcome,
      Instant occurred, Instant at, String opportunity) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", id);
    r.put("rep_id", rep);
    r.put("type", "call");
    r.put("direction", direction);
    r.put("outcome", outcome);
    r.put("status", "completed");
    r.put("occurred_at", occurred.toString());
    if (lead != null) {
      r.put("lead_id", lead);
    }
    if (opportunity != null) {
      r.put("opportunity_id", opportunity);
    }
    log.add(DealEvents.event("ev-" + ++ids, at, "activity", "created", r));
  }
}
