package io.crmpulse.jobs.prospect;

import static io.crmpulse.contract.TestEvents.rep;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.MetricSnapshot;
import io.crmpulse.jobs.metrics.SeriesUpdate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RepProspectAggregatorTest {
  private static final Instant T0 = Instant.parse("2026-03-10T16:00:00Z");
  private static final long FLUSH_MS = 500;
  private static final Duration LATENESS = Duration.ofHours(1);

  private KeyedTwoInputStreamOperatorTestHarness<String, ProspectContribution, CrmEvent, SeriesUpdate> harness;
  /** "name{labels} start..end" to value, as the exporter would hold them. */
  private final Map<String, Double> published = new TreeMap<>();
  private final Map<String, String> keys = new TreeMap<>();

  @BeforeEach
  void setUp() throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
        new RepProspectAggregator(LATENESS, Duration.ofMillis(FLUSH_MS), ZoneOffset.UTC),
        c -> c.repId, e -> e.getRep().getId(), Types.STRING);
    harness.setProcessingTime(0);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  @Test
  void twoRepsInZonesWhoseDaysEndAtDifferentInstantsCountTheSameInstantInTheirOwnPeriods()
      throws Exception {
    harness.processElement2(rep("r1", "east", "Asia/Tokyo", T0), T0.toEpochMilli());
    harness.processElement2(rep("r2", "west", "America/New_York", T0), T0.toEpochMilli());
    // 01:00 on the 11th in Tokyo, noon on the 10th in New York (daylight time since the 8th).
    send("r1", "lead/l1", ProspectFact.dated(ProspectFact.LEAD, "website", T0.toEpochMilli(), 0));
    send("r2", "lead/l2", ProspectFact.dated(ProspectFact.LEAD, "website", T0.toEpochMilli(), 0));
    flush();
    assertThat(published).containsExactlyInAnyOrderEntriesOf(Map.of(
        "crmpulse_leads{period=month,rep=r1,source=website,team=east} 2026-02-28T15:00:00Z..2026-03-31T15:00:00Z", 1.0,
        "crmpulse_leads{period=week,rep=r1,source=website,team=east} 2026-03-08T15:00:00Z..2026-03-15T15:00:00Z", 1.0,
        "crmpulse_leads{period=today,rep=r1,source=website,team=east} 2026-03-10T15:00:00Z..2026-03-11T15:00:00Z", 1.0,
        "crmpulse_leads{period=month,rep=r2,source=website,team=west} 2026-03-01T05:00:00Z..2026-04-01T04:00:00Z", 1.0,
        "crmpulse_leads{period=week,rep=r2,source=website,team=west} 2026-03-09T04:00:00Z..2026-03-16T04:00:00Z", 1.0,
        "crmpulse_leads{period=today,rep=r2,source=website,team=west} 2026-03-10T04:00:00Z..2026-03-11T04:00:00Z", 1.0));
  }

  @Test
  void onADaylightSavingDayTodayIs23HoursAndTheWeek167() throws Exception {
    harness.processElement2(rep("r1", "north", "Europe/Stockholm", T0), T0.toEpochMilli());
    long before = Instant.parse("2026-03-29T00:30:00Z").toEpochMilli();
    long after = Instant.parse("2026-03-29T21:59:00Z").toEpochMilli();
    send("r1", "lead/l1", ProspectFact.dated(ProspectFact.FOLLOWUP, "a1", before, 0),
        ProspectFact.dated(ProspectFact.FOLLOWUP, "a2", after, 0));
    flush();
    assertThat(published).containsEntry(
        "crmpulse_followups{period=today,rep=r1,team=north} 2026-03-28T23:00:00Z..2026-03-29T22:00:00Z", 2.0);
    assertThat(published).containsEntry(
        "crmpulse_followups{period=week,rep=r1,team=north} 2026-03-22T23:00:00Z..2026-03-29T22:00:00Z", 2.0);
  }

  @Test
  void aCallThatFollowsUpALeadAndItsDealIsOneFollowUp() throws Exception {
    harness.processElement2(rep("r1", "north", "UTC", T0), T0.toEpochMilli());
    send("r1", "lead/l1", ProspectFact.dated(ProspectFact.FOLLOWUP, "a1", T0.toEpochMilli(), 0));
    send("r1", "opportunity/o1", ProspectFact.dated(ProspectFact.FOLLOWUP, "a1", T0.toEpochMilli(), 0),
        ProspectFact.dated(ProspectFact.FOLLOWUP, "a2", T0.toEpochMilli(), 0));
    flush();
    assertThat(published).containsEntry(
        "crmpulse_followups{period=today,rep=r1,team=north} 2026-03-10T00:00:00Z..2026-03-11T00:00:00Z", 2.0);
  }

  @Test
  void bucketsAreCumulativeZeroBucketsAreLeftOutAndWindowSeriesHaveNoPeriod() throws Exception {
    harness.processElement2(rep("r1", "north", "UTC", T0), T0.toEpochMilli());
    send("r1", "lead/l1", ProspectFact.dated(ProspectFact.SPEED, null, T0.toEpochMilli(), 600_000),
        ProspectFact.window(ProspectFact.BEFORE_RESPONSE, 5), ProspectFact.window(ProspectFact.GIVEN_UP, 1));
    send("r1", "lead/l2", ProspectFact.dated(ProspectFact.SPEED, null, T0.toEpochMilli(), 60_001),
        ProspectFact.window(ProspectFact.BEFORE_RESPONSE, 0));
    flush();
    Map<String, Double> today = new TreeMap<>();
    published.forEach((k, v) -> {
      if (k.contains("period=today") || !k.contains("period=")) {
        today.put(k.replaceAll(" .*", ""), v);
      }
    });
    assertThat(today).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry("crmpulse_speed_to_lead_within{max_seconds=300,period=today,rep=r1,team=north}", 1.0),
        Map.entry("crmpulse_speed_to_lead_within{max_seconds=900,period=today,rep=r1,team=north}", 2.0),
        Map.entry("crmpulse_speed_to_lead_within{max_seconds=1800,period=today,rep=r1,team=north}", 2.0),
        Map.entry("crmpulse_speed_to_lead_within{max_seconds=3600,period=today,rep=r1,team=north}", 2.0),
        Map.entry("crmpulse_speed_to_lead_within{max_seconds=14400,period=today,rep=r1,team=north}", 2.0),
        Map.entry("crmpulse_speed_to_lead_within{max_seconds=28800,period=today,rep=r1,team=north}", 2.0),
        Map.entry("crmpulse_speed_to_lead_within{max_seconds=86400,period=today,rep=r1,team=north}", 2.0),
        Map.entry("crmpulse_speed_to_lead_within{max_seconds=+Inf,period=today,rep=r1,team=north}", 2.0),
        Map.entry("crmpulse_followups_before_response{max_followups=0,rep=r1,team=north,window=30d}", 1.0),
        Map.entry("crmpulse_followups_before_response{max_followups=1,rep=r1,team=north,window=30d}", 1.0),
        Map.entry("crmpulse_followups_before_response{max_followups=2,rep=r1,team=north,window=30d}", 1.0),
        Map.entry("crmpulse_followups_before_response{max_followups=3,rep=r1,team=north,window=30d}", 1.0),
        Map.entry("crmpulse_followups_before_response{max_followups=4,rep=r1,team=north,window=30d}", 1.0),
        Map.entry("crmpulse_followups_before_response{max_followups=5,rep=r1,team=north,window=30d}", 2.0),
        Map.entry("crmpulse_followups_before_response{max_followups=6,rep=r1,team=north,window=30d}", 2.0),
        Map.entry("crmpulse_followups_before_response{max_followups=8,rep=r1,team=north,window=30d}", 2.0),
        Map.entry("crmpulse_followups_before_response{max_followups=10,rep=r1,team=north,window=30d}", 2.0),
        Map.entry("crmpulse_followups_before_response{max_followups=+Inf,rep=r1,team=north,window=30d}", 2.0),
        Map.entry("crmpulse_leads_given_up{rep=r1,team=north,window=30d}", 1.0)));
  }

  @Test
  void aWholeContributionReplacesTheLastAndAnEmptyOneTakesItBack() throws Exception {
    send("r1", "lead/l1", ProspectFact.dated(ProspectFact.CALL_BY_STATUS, "new", T0.toEpochMilli(), 0));
    flush();
    assertThat(published.keySet()).allMatch(k -> k.contains("lead_status=new"));
    send("r1", "lead/l1", ProspectFact.dated(ProspectFact.CALL_BY_STATUS, "contacted", T0.toEpochMilli(), 0));
    flush();
    assertThat(published).hasSize(3).allSatisfy((k, v) -> assertThat(k).contains("lead_status=contacted"));
    send("r1", "lead/l1");
    flush();
    assertThat(published).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void aDatedFactGoesOnceNoPeriodContainingItCanContainNowAndStateAndTimersAreCleared()
      throws Exception {
    send("r1", "lead/l1", ProspectFact.dated(ProspectFact.SLA_BREACHED, null, T0.toEpochMilli(), 0));
    flush();
    assertThat(published).hasSize(3);
    long expiry = T0.plus(ProspectSettings.PERIOD_HORIZON).plus(LATENESS).toEpochMilli();
    harness.processBothWatermarks(new Watermark(expiry - 1));
    apply();
    assertThat(published).hasSize(3);
    harness.processBothWatermarks(new Watermark(expiry + Duration.ofDays(1).toMillis()));
    apply();
    assertThat(published).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  @Test
  void theEndOfInputPublishesEverythingHeld() throws Exception {
    send("r1", "opportunity/o1", ProspectFact.window(ProspectFact.BEFORE_RESPONSE, 11));
    harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));
    apply();
    assertThat(published).containsOnlyKeys(
        "crmpulse_followups_before_response{max_followups=+Inf,rep=r1,team=unknown,window=30d} -");
  }

  private void send(String rep, String prospect, ProspectFact... facts) throws Exception {
    harness.processElement1(ProspectContribution.of(prospect, rep, T0.toEpochMilli(), facts),
        T0.toEpochMilli());
  }

  private void flush() throws Exception {
    harness.setProcessingTime(harness.getProcessingTime() + FLUSH_MS);
    apply();
  }

  private void apply() {
    for (SeriesUpdate u : harness.extractOutputValues()) {
      if (u.isRemoval()) {
        String shown = keys.remove(u.key);
        if (shown != null) {
          published.remove(shown);
        }
      } else {
        String shown = describe(u.snapshot);
        keys.put(u.key, shown);
        published.put(shown, u.snapshot.getValue());
      }
    }
    harness.getOutput().clear();
  }

  private static String describe(MetricSnapshot s) {
    return s.getName() + new TreeMap<>(s.getLabels()).toString().replace(", ", ",").replace("{", "{")
        + " " + (s.getPeriodStart() == null ? "-" : s.getPeriodStart() + ".." + s.getPeriodEnd());
  }
}
