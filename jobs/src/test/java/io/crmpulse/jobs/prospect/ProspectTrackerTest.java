package io.crmpulse.jobs.prospect;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.jobs.pipeline.DealVersion;
import io.crmpulse.jobs.pipeline.TouchVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The prospect tracker live (processing-time timers, wall clock set by the test) and in replay:
 * what a lead or an opportunity contributes to each rep, one definition at a time.
 */
class ProspectTrackerTest {
  static final Instant T0 = Instant.parse("2026-03-10T08:00:00Z");
  private static final Duration LATENESS = Duration.ofHours(1);
  private static final Duration SETTLE = Duration.ofMillis(500);
  static final ProspectSettings SETTINGS = new ProspectSettings(Set.of("website", "referral"),
      Duration.ofHours(1), Duration.ofDays(7),
      List.of("prospecting", "qualification", "proposal", "negotiation"));
  private static final AtomicLong IDS = new AtomicLong();

  private KeyedOneInputStreamOperatorTestHarness<String, ProspectInput, ProspectContribution> harness;
  /** Rep to the facts it holds from each prospect, replaced as contributions arrive. */
  private final Map<String, Map<String, List<String>>> held = new TreeMap<>();
  private int consumed;

  @AfterEach
  void tearDown() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void aLeadCountsWhenCreatedAndAsPursuedContactedWithItsSpeedToLead() throws Exception {
    live();
    arrive(lead("l1", "r1", "Web Site", "new", T0, T0));
    arrive(touch("l1", "a1", call("r1", "outbound", "no_answer", T0.plus(minutes(10)))));
    arrive(touch("l1", "a2", call("r1", "outbound", "connected", T0.plus(minutes(130)))));
    wall(T0.plus(Duration.ofHours(3)));
    // "Web Site" is not a kept source: other. The connected call is the first response, so no
    // follow-up came before it. The owner made the calls, so the owner counts them by status too.
    assertThat(facts("r1")).containsExactlyInAnyOrder(
        "lead other @08:00", "pursued other @08:00", "contacted other @08:00",
        "disposition none @08:00", "speed =600000 @08:00", "before_response =0",
        "call_by_status new @08:10", "call_by_status new @10:10");
  }

  @Test
  void theSlaIsBreachedOneMillisecondAfterItWithNoEventAtAll() throws Exception {
    live();
    arrive(lead("l1", "r1", "website", "new", T0, T0));
    wall(T0.plus(Duration.ofHours(1)));
    assertThat(facts("r1")).doesNotContain("sla_breached @08:00");
    assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
    wall(T0.plus(Duration.ofHours(1)).plusMillis(1));
    assertThat(facts("r1")).contains("sla_breached @08:00");
  }

  @Test
  void anOutboundTouchAfterTheSlaStillBreachesItAndOneBeforeCreatedAtIsASpeedOfZero()
      throws Exception {
    live();
    arrive(lead("l1", "r1", "website", "new", T0, T0));
    arrive(touch("l1", "a1", call("r1", "outbound", "no_answer", T0.plus(minutes(61)))));
    arrive(lead("l2", "r1", "website", "new", T0, T0));
    arrive(touch("l2", "a2", call("r1", "outbound", "no_answer", T0.minus(minutes(5)))));
    wall(T0.plus(Duration.ofHours(2)));
    assertThat(facts("r1")).contains("sla_breached @08:00", "speed =3660000 @08:00",
        "speed =0 @08:00");
    assertThat(facts("r1").stream().filter(f -> f.startsWith("sla_breached"))).hasSize(1);
  }

  @Test
  void aLeadIsGivenUpAtTheEndOfTheGiveUpIntervalAndLeavesTheWindow30DaysLater() throws Exception {
    live();
    arrive(lead("l1", "r1", "website", "new", T0, T0));
    Instant first = T0.plus(minutes(5));
    arrive(touch("l1", "a1", email("r2", "outbound", first)));
    wall(first.plus(Duration.ofDays(7)).minusMillis(1));
    assertThat(facts("r1")).doesNotContain("given_up =1");
    wall(first.plus(Duration.ofDays(7)));
    assertThat(facts("r1")).contains("given_up =1");
    wall(first.plus(Duration.ofDays(37)).minusMillis(1));
    assertThat(facts("r1")).contains("given_up =1");
    wall(first.plus(Duration.ofDays(37)));
    assertThat(facts("r1")).doesNotContain("given_up =1");
  }

  @Test
  void aSecondTouchWithinTheIntervalMeansNotGivenUp() throws Exception {
    live();
    arrive(lead("l1", "r1", "website", "new", T0, T0));
    arrive(touch("l1", "a1", email("r1", "outbound", T0)));
    arrive(touch("l1", "a2", email("r1", "outbound", T0.plus(Duration.ofDays(7)))));
    wall(T0.plus(Duration.ofDays(8)));
    assertThat(facts("r1")).doesNotContain("given_up =1");
  }

  @Test
  void followUpsAreOutboundTouchesAfterTheFirstBeforeTheResponseForTheTouchingRep()
      throws Exception {
    live();
    arrive(lead("l1", "r1", "website", "new", T0, T0));
    arrive(touch("l1", "a1", email("r1", "outbound", T0.plus(minutes(1)))));
    arrive(touch("l1", "a2", call("r2", "outbound", "no_answer", T0.plus(Duration.ofDays(1)))));
    arrive(touch("l1", "a3", email("r3", "outbound", T0.plus(Duration.ofDays(2)))));
    arrive(touch("l1", "a4", email("r1", "inbound", T0.plus(Duration.ofDays(3)))));
    arrive(touch("l1", "a5", email("r2", "outbound", T0.plus(Duration.ofDays(4)))));
    wall(T0.plus(Duration.ofDays(5)));
    assertThat(facts("r2")).containsExactlyInAnyOrder("followup @2026-03-11T08:00:00Z",
        "call_by_status new @2026-03-11T08:00:00Z");
    assertThat(facts("r3")).containsExactly("followup @2026-03-12T08:00:00Z");
    assertThat(facts("r1")).contains("before_response =2");
  }

  @Test
  void anOpportunityAnswersWhenItAdvancesOrIsWon() throws Exception {
    live();
    DealVersion created = opportunity("o1", "r1", "qualification", "open", T0);
    arrive(ProspectInput.opportunity(created));
    arrive(touch("o1", "b1", email("r2", "outbound", T0.plus(minutes(1))), false));
    arrive(touch("o1", "b2", email("r2", "outbound", T0.plus(Duration.ofDays(1))), false));
    // Back to an earlier stage is no advance; a later one is.
    arrive(ProspectInput.opportunity(opportunity("o1", "r1", "prospecting", "open", T0.plus(Duration.ofDays(2)))));
    arrive(touch("o1", "b3", email("r2", "outbound", T0.plus(Duration.ofDays(3))), false));
    arrive(ProspectInput.opportunity(opportunity("o1", "r1", "proposal", "open", T0.plus(Duration.ofDays(4)))));
    arrive(touch("o1", "b4", email("r2", "outbound", T0.plus(Duration.ofDays(5))), false));
    wall(T0.plus(Duration.ofDays(6)));
    assertThat(facts("r2")).containsExactlyInAnyOrder(
        "followup @2026-03-11T08:00:00Z", "followup @2026-03-13T08:00:00Z");
    assertThat(facts("r1")).containsExactly("before_response =2");
    // Leaves the window 30 days after the advance.
    wall(T0.plus(Duration.ofDays(34)));
    assertThat(facts("r1")).isEmpty();
  }

  @Test
  void anOpportunityFirstSeenWonNeverAdvances() throws Exception {
    // Created won (an import), or won long ago and edited after its state was cleared.
    live();
    arrive(ProspectInput.opportunity(opportunity("o1", "r1", "negotiation", "won", T0)));
    arrive(touch("o1", "b1", email("r2", "outbound", T0.plus(minutes(1))), false));
    arrive(touch("o1", "b2", email("r2", "outbound", T0.plus(minutes(2))), false));
    wall(T0.plus(Duration.ofDays(1)));
    assertThat(facts("r1")).isEmpty();
    assertThat(facts("r2")).containsExactly("followup @08:02");
  }

  @Test
  void anEditedDeletedOrMovedActivityCountsInItsCurrentVersionOnly() throws Exception {
    live();
    arrive(lead("l1", "r1", "website", "new", T0, T0));
    arrive(lead("l2", "r1", "website", "new", T0, T0));
    TouchVersion v1 = call("r2", "outbound", "no_answer", T0.plus(minutes(5)));
    v1.leadId = "l1";
    arrive(ProspectInput.touch("lead/l1", "a1", new TouchVersion[] {v1}, v1.eventTime));
    wall(T0.plus(minutes(30)));
    assertThat(facts("r1")).contains("pursued website @08:00");
    assertThat(facts("r2")).containsExactly("call_by_status new @08:05");

    // Moved to l2: both leads hear of both versions.
    TouchVersion v2 = call("r2", "outbound", "no_answer", T0.plus(minutes(5)));
    v2.leadId = "l2";
    v2.eventTime = T0.plus(minutes(31)).toEpochMilli();
    TouchVersion[] both = {v1, v2};
    arrive(ProspectInput.touch("lead/l1", "a1", both, v2.eventTime));
    arrive(ProspectInput.touch("lead/l2", "a1", both, v2.eventTime));
    wall(T0.plus(minutes(40)));
    assertThat(held.get("r1").get("lead/l1")).doesNotContain("pursued website @08:00");
    assertThat(held.get("r1").get("lead/l2")).contains("pursued website @08:00");
    assertThat(facts("r2")).containsExactly("call_by_status new @08:05");

    // Edited to cancelled, then deleted: it counts nowhere.
    TouchVersion cancelled = call("r2", "outbound", "no_answer", T0.plus(minutes(5)));
    cancelled.leadId = "l2";
    cancelled.completed = false;
    cancelled.eventTime = T0.plus(minutes(41)).toEpochMilli();
    arrive(ProspectInput.touch("lead/l2", "a1", new TouchVersion[] {v1, v2, cancelled}, cancelled.eventTime));
    wall(T0.plus(minutes(45)));
    assertThat(held.get("r1").get("lead/l2")).doesNotContain("pursued website @08:00");
    assertThat(facts("r2")).isEmpty();
    TouchVersion deleted = TouchVersion.unnamed(cancelled.eventTime + 1, "del-a1");
    arrive(ProspectInput.touch("lead/l1", "a1", new TouchVersion[] {v1, v2, cancelled, deleted}, deleted.eventTime));
    wall(T0.plus(minutes(50)));
    assertThat(facts("r1").stream().filter(f -> f.startsWith("pursued"))).isEmpty();
  }

  @Test
  void aLeadThatChangesOwnerMovesItsNumbersAndTheOldOwnerGetsAnEmptyContribution()
      throws Exception {
    live();
    arrive(lead("l1", "r1", "referral", "new", T0, T0));
    wall(T0.plus(minutes(1)));
    assertThat(facts("r1")).contains("lead referral @08:00");
    arrive(lead("l1", "r2", "referral", "attempted", T0, T0.plus(minutes(2))));
    wall(T0.plus(minutes(3)));
    assertThat(facts("r1")).isEmpty();
    assertThat(facts("r2")).contains("lead referral @08:00");
    // An older version arriving late changes nothing: the newest version is current.
    arrive(lead("l1", "r3", "referral", "new", T0, T0.plus(minutes(1))));
    wall(T0.plus(minutes(4)));
    assertThat(facts("r3")).isEmpty();
    assertThat(facts("r2")).contains("lead referral @08:00");
  }

  @Test
  void aDeletedLeadCountsNothingForItsOwnerButItsFollowUpsStillCountForTheReps() throws Exception {
    live();
    arrive(lead("l1", "r1", "website", "new", T0, T0));
    arrive(touch("l1", "a1", email("r2", "outbound", T0.plus(minutes(1)))));
    arrive(touch("l1", "a2", email("r2", "outbound", T0.plus(minutes(90)))));
    wall(T0.plus(Duration.ofHours(2)));
    assertThat(facts("r1")).contains("lead website @08:00");
    assertThat(facts("r2")).containsExactly("followup @09:30");
    LeadVersion deleted = new LeadVersion();
    deleted.leadId = "l1";
    deleted.eventTime = T0.plus(Duration.ofHours(2)).toEpochMilli();
    deleted.eventId = "ev-deleted";
    deleted.deleted = true;
    arrive(ProspectInput.lead(deleted));
    wall(T0.plus(Duration.ofHours(3)));
    assertThat(facts("r1")).isEmpty();
    assertThat(facts("r2")).containsExactly("followup @09:30");
  }

  @Test
  void touchesOfALeadNeverKnownCountAsFollowUpsAndTheProspectIsClearedAfterItsRetention()
      throws Exception {
    live();
    arrive(touch("l9", "a1", email("r2", "outbound", T0)));
    arrive(touch("l9", "a2", call("r2", "outbound", "no_answer", T0.plus(minutes(30)))));
    wall(T0.plus(Duration.ofHours(1)));
    // No lead record: no owner, no calls by lead status; the follow-up is the rep's work.
    assertThat(held.keySet()).containsExactly("r2");
    assertThat(facts("r2")).containsExactly("followup @08:30");
    long expiry = T0.plus(minutes(30)).plus(SETTINGS.retention()).plus(LATENESS).toEpochMilli();
    harness.processWatermark(new Watermark(expiry));
    consume();
    assertThat(facts("r2")).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  @Test
  void aDuplicateChangesNothing() throws Exception {
    live();
    ProspectInput lead = lead("l1", "r1", "website", "new", T0, T0);
    ProspectInput touch = touch("l1", "a1", call("r1", "outbound", "no_answer", T0.plus(minutes(5))));
    arrive(lead);
    arrive(touch);
    wall(T0.plus(minutes(10)));
    int outputs = harness.extractOutputValues().size();
    List<String> before = facts("r1");
    arrive(lead);
    arrive(touch);
    wall(T0.plus(minutes(20)));
    assertThat(harness.extractOutputValues()).hasSize(outputs);
    assertThat(facts("r1")).isEqualTo(before);
  }

  @Test
  void callsByLeadStatusFollowTheLeadsCurrentStatusAndAFutureTouchEntersAtItsInstant()
      throws Exception {
    live();
    arrive(lead("l1", "r1", "website", "new", T0, T0));
    Instant ahead = T0.plus(Duration.ofHours(5));
    TouchVersion logged = call("r2", "outbound", "connected", ahead);
    logged.eventTime = T0.toEpochMilli();
    arrive(touch("l1", "a1", logged));
    wall(T0.plus(minutes(1)));
    // A call logged ahead of time counts in its period at once; as a touch only when it occurs.
    assertThat(facts("r2")).containsExactly("call_by_status new @13:00");
    assertThat(facts("r1")).doesNotContain("pursued website @08:00");
    arrive(lead("l1", "r1", "website", "contacted", T0, T0.plus(minutes(2))));
    wall(ahead);
    assertThat(facts("r2")).containsExactly("call_by_status contacted @13:00");
    assertThat(facts("r1")).contains("pursued website @08:00", "contacted website @08:00");
  }

  @Test
  void aClosedLeadIsClearedAfterItsRetentionTakingBackItsNumbers() throws Exception {
    live();
    arrive(lead("l1", "r1", "website", "new", T0, T0));
    arrive(touch("l1", "a1", call("r2", "outbound", "no_answer", T0.plus(minutes(5)))));
    arrive(lead("l1", "r1", "website", "qualified", T0, T0.plus(Duration.ofDays(1))));
    wall(T0.plus(Duration.ofDays(1)).plusSeconds(1));
    assertThat(held.keySet()).contains("r1", "r2");
    long expiry = T0.plus(Duration.ofDays(1)).plus(SETTINGS.retention()).plus(LATENESS).toEpochMilli();
    harness.processWatermark(new Watermark(expiry - 1));
    assertThat(harness.numKeyedStateEntries()).isPositive();
    harness.processWatermark(new Watermark(expiry));
    consume();
    assertThat(facts("r1")).isEmpty();
    assertThat(facts("r2")).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  @Test
  void anOpenLeadIsKept() throws Exception {
    live();
    arrive(lead("l1", "r1", "website", "new", T0, T0));
    wall(T0.plus(Duration.ofHours(2)));
    harness.processWatermark(new Watermark(T0.plus(Duration.ofDays(400)).toEpochMilli()));
    assertThat(harness.numKeyedStateEntries()).isPositive();
  }

  @Test
  void replayEvaluatesOnceAtAsOfWhenTheInputEnds() throws Exception {
    Instant asOf = T0.plus(Duration.ofHours(2));
    harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new ProspectTracker(SETTINGS, LATENESS, SETTLE, asOf), in -> in.key, Types.STRING);
    arrive(lead("l1", "r1", "website", "new", T0, T0));
    harness.processWatermark(new Watermark(T0.plus(Duration.ofHours(1)).toEpochMilli()));
    assertThat(harness.extractOutputValues()).isEmpty();
    harness.processWatermark(new Watermark(Long.MAX_VALUE));
    consume();
    // At as-of the SLA has passed without an outbound touch.
    assertThat(facts("r1")).contains("lead website @08:00", "sla_breached @08:00");
  }

  // --- fixtures ---

  private void live() throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new ProspectTracker(SETTINGS, LATENESS, SETTLE, null), in -> in.key, Types.STRING);
    harness.setProcessingTime(T0.toEpochMilli());
  }

  private void arrive(ProspectInput in) throws Exception {
    harness.processElement(in, in.eventTime);
  }

  private void wall(Instant at) throws Exception {
    harness.setProcessingTime(at.toEpochMilli());
    consume();
  }

  private void consume() {
    List<ProspectContribution> out = harness.extractOutputValues();
    for (ProspectContribution c : out.subList(consumed, out.size())) {
      Map<String, List<String>> byProspect = held.computeIfAbsent(c.repId, r -> new TreeMap<>());
      if (c.isEmpty()) {
        byProspect.remove(c.prospectKey);
      } else {
        byProspect.put(c.prospectKey, Arrays.stream(c.facts).map(ProspectTrackerTest::describe).toList());
      }
    }
    consumed = out.size();
  }

  /** All facts a rep holds, from every prospect. */
  private List<String> facts(String rep) {
    List<String> all = new ArrayList<>();
    held.getOrDefault(rep, Map.of()).values().forEach(all::addAll);
    return all;
  }

  private static final String[] KINDS = {"lead", "pursued", "contacted", "disposition", "speed",
      "sla_breached", "call_by_status", "followup", "given_up", "before_response"};

  static String describe(ProspectFact f) {
    StringBuilder s = new StringBuilder(KINDS[f.kind]);
    // A follow-up's label is its activity's id, which these stories name by the instant instead.
    if (f.label != null && f.kind != ProspectFact.FOLLOWUP) {
      s.append(' ').append(f.label);
    }
    if (f.kind == ProspectFact.SPEED || !f.dated()) {
      s.append(" =").append(f.value);
    }
    if (f.dated()) {
      Instant at = Instant.ofEpochMilli(f.at);
      s.append(" @").append(at.toString().startsWith("2026-03-10T")
          ? at.toString().substring(11, 16) : at.toString());
    }
    return s.toString();
  }

  static Duration minutes(long n) {
    return Duration.ofMinutes(n);
  }

  static ProspectInput lead(String id, String owner, String source, String status,
      Instant createdAt, Instant at) {
    LeadVersion v = new LeadVersion();
    v.leadId = id;
    v.eventTime = at.toEpochMilli();
    v.eventId = "ev-" + IDS.incrementAndGet();
    v.ownerId = owner;
    v.source = source;
    v.status = status;
    v.createdAt = createdAt == null ? null : createdAt.toEpochMilli();
    return ProspectInput.lead(v);
  }

  static DealVersion opportunity(String id, String owner, String stage, String status, Instant at) {
    DealVersion v = new DealVersion();
    v.dealId = id;
    v.eventTime = at.toEpochMilli();
    v.eventId = "ev-" + IDS.incrementAndGet();
    v.ownerId = owner;
    v.stage = stage;
    v.status = status;
    v.createdAt = at.toEpochMilli();
    return v;
  }

  /** A completed call, logged when it occurred. */
  static TouchVersion call(String rep, String direction, String outcome, Instant occurredAt) {
    return activity(rep, "call", direction, outcome, occurredAt);
  }

  static TouchVersion email(String rep, String direction, Instant occurredAt) {
    return activity(rep, "email", direction, "inbound".equals(direction) ? "replied" : "sent", occurredAt);
  }

  static TouchVersion activity(String rep, String type, String direction, String outcome,
      Instant occurredAt) {
    TouchVersion v = new TouchVersion();
    v.eventTime = occurredAt.toEpochMilli();
    v.eventId = "ev-" + IDS.incrementAndGet();
    v.completed = true;
    v.occurredAt = occurredAt.toEpochMilli();
    v.repId = rep;
    v.type = type;
    v.direction = direction;
    v.outcome = outcome;
    return v;
  }

  /** The activity's one version, naming the lead. */
  static ProspectInput touch(String leadId, String activityId, TouchVersion v) {
    return touch(leadId, activityId, v, true);
  }

  static ProspectInput touch(String id, String activityId, TouchVersion v, boolean lead) {
    if (lead) {
      v.leadId = id;
    } else {
      v.dealId = id;
      v.touches = true;
    }
    String key = lead ? ProspectInput.leadKey(id) : ProspectInput.opportunityKey(id);
    return ProspectInput.touch(key, activityId, new TouchVersion[] {v}, v.eventTime);
  }
}
