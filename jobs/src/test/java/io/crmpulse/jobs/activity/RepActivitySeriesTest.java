package io.crmpulse.jobs.activity;

import static io.crmpulse.contract.TestEvents.rep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.MetricSnapshot;
import io.crmpulse.jobs.metrics.SeriesUpdate;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The activity series of {@link RepActivityAggregator} (docs/metrics.md, "Activity series"), one
 * definition at a time: periods of the rep's zone, rolling windows that move with the clock alone,
 * logins today and the trailing median, live (the processing-time clock is "now") and in replay.
 */
class RepActivitySeriesTest {
  private static final Instant T0 = Instant.parse("2026-03-10T08:00:00Z"); // a Tuesday
  private static final Duration LATENESS = Duration.ofHours(1);

  private KeyedTwoInputStreamOperatorTestHarness<String, ActivityContribution, CrmEvent, SeriesUpdate> harness;
  /** What the exporter would hold: the last write per key. */
  private final Map<String, MetricSnapshot> held = new HashMap<>();
  private int applied;

  @AfterEach
  void tearDown() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  /** Starts the clock a second before {@code now}, so that a publish at now flushes. */
  private void start(PacingSettings pacing, Instant replayAsOf, Instant now) throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
        new RepActivityAggregator(LATENESS, Duration.ofMillis(500), ZoneOffset.UTC, pacing, replayAsOf),
        c -> c.repId, e -> e.getRep().getId(), Types.STRING);
    harness.setProcessingTime(now.toEpochMilli() - 1000);
  }

  private void start(Instant now) throws Exception {
    start(PacingSettings.defaults(), null, now);
  }

  @Test
  void activitiesCountByTypeDirectionAndOutcomeTodayThisWeekAndThisMonth() throws Exception {
    Instant now = Instant.parse("2026-04-01T10:00:00Z"); // Wednesday, 12:00 in Stockholm
    start(now);
    harness.processElement2(rep("r1", "north", "Europe/Stockholm", T0), T0.toEpochMilli());
    add(completed("r1", "a1", "2026-04-01T08:00:00Z", "call", "outbound", "connected"));
    add(completed("r1", "a2", "2026-03-30T08:00:00Z", "call", "outbound", "connected"));
    // 00:30 on 1 April in Stockholm (still 31 March in UTC): today and this month.
    add(completed("r1", "a3", "2026-03-31T22:30:00Z", "email", "outbound", "sent"));
    // 23:30 on Sunday 29 March: last week; 00:30 on Monday 30 March: this week.
    add(completed("r1", "a4", "2026-03-29T21:30:00Z", "meeting", "outbound", "held"));
    add(completed("r1", "a5", "2026-03-29T22:30:00Z", "meeting", "outbound", "held"));
    publishAt(now);
    assertThat(served(now, "crmpulse_activities")).containsOnly(
        entry(activities("call", "outbound", "connected", "today"), 1.0),
        entry(activities("email", "outbound", "sent", "today"), 1.0),
        entry(activities("call", "outbound", "connected", "week"), 2.0),
        entry(activities("email", "outbound", "sent", "week"), 1.0),
        entry(activities("meeting", "outbound", "held", "week"), 1.0),
        entry(activities("call", "outbound", "connected", "month"), 1.0),
        entry(activities("email", "outbound", "sent", "month"), 1.0));
    MetricSnapshot week = servedSnapshot(now, activities("call", "outbound", "connected", "week"));
    assertThat(week.getPeriodStart()).isEqualTo("2026-03-29T22:00:00Z");
    assertThat(week.getPeriodEnd()).isEqualTo("2026-04-05T22:00:00Z");
    MetricSnapshot month = servedSnapshot(now, activities("call", "outbound", "connected", "month"));
    assertThat(month.getPeriodStart()).isEqualTo("2026-03-31T22:00:00Z");
    assertThat(month.getPeriodEnd()).isEqualTo("2026-04-30T22:00:00Z");
    // Last week's and last month's instances are held too, served while their period lasts.
    assertThat(served(Instant.parse("2026-03-29T21:45:00Z"), "crmpulse_activities"))
        .containsEntry(activities("meeting", "outbound", "held", "week"), 1.0)
        .containsEntry(activities("meeting", "outbound", "held", "month"), 2.0)
        .containsEntry(activities("call", "outbound", "connected", "month"), 1.0);
  }

  @Test
  void aDaylightSavingDayIsTwentyThreeHoursAndItsWeekOneHundredAndSixtySeven() throws Exception {
    Instant now = Instant.parse("2026-03-29T12:00:00Z"); // Stockholm springs forward at 01:00Z
    start(now);
    harness.processElement2(rep("r1", "north", "Europe/Stockholm", T0), T0.toEpochMilli());
    add(completed("r1", "a1", "2026-03-29T10:00:00Z", "call", "outbound", "connected"));
    publishAt(now.plusSeconds(1));
    MetricSnapshot today = servedSnapshot(now, activities("call", "outbound", "connected", "today"));
    assertThat(Duration.between(today.getPeriodStart(), today.getPeriodEnd())).hasHours(23);
    MetricSnapshot week = servedSnapshot(now, activities("call", "outbound", "connected", "week"));
    assertThat(week.getPeriodStart()).isEqualTo("2026-03-22T23:00:00Z");
    assertThat(Duration.between(week.getPeriodStart(), week.getPeriodEnd())).hasHours(167);
    MetricSnapshot month = servedSnapshot(now, activities("call", "outbound", "connected", "month"));
    assertThat(month.getPeriodStart()).isEqualTo("2026-02-28T23:00:00Z");
    assertThat(month.getPeriodEnd()).isEqualTo("2026-03-31T22:00:00Z");
  }

  @Test
  void twoRepsInZonesWhoseDaysEndAtDifferentInstants() throws Exception {
    Instant login = Instant.parse("2026-03-10T12:00:00Z");
    start(login);
    // 21:00 on the 10th in Tokyo, whose day ends at 15:00Z; 08:00 in New York (EDT), ends 04:00Z.
    harness.processElement2(rep("r1", "north", "Asia/Tokyo", T0), T0.toEpochMilli());
    harness.processElement2(rep("r2", "south", "America/New_York", T0), T0.toEpochMilli());
    add(ActivityContribution.add("r1", "login/l1", login.toEpochMilli(), ActivityKinds.LOGIN, login.toEpochMilli()));
    add(ActivityContribution.add("r2", "login/l2", login.toEpochMilli(), ActivityKinds.LOGIN, login.toEpochMilli()));
    add(ActivityContribution.add("r2", "login/l3", login.toEpochMilli(), ActivityKinds.LOGIN, login.toEpochMilli()));
    publishAt(login.plusSeconds(1));
    assertThat(served(Instant.parse("2026-03-10T14:59:59Z"), "crmpulse_logins_today")).containsOnly(
        entry("crmpulse_logins_today{rep=\"r1\",team=\"north\"}", 1.0),
        entry("crmpulse_logins_today{rep=\"r2\",team=\"south\"}", 2.0));
    assertThat(served(Instant.parse("2026-03-10T15:00:00Z"), "crmpulse_logins_today")).containsOnly(
        entry("crmpulse_logins_today{rep=\"r2\",team=\"south\"}", 2.0));
    assertThat(served(Instant.parse("2026-03-11T04:00:00Z"), "crmpulse_logins_today")).isEmpty();
    // A removal (a deleted login) takes its count back.
    harness.processElement1(ActivityContribution.remove("r2", "login/l3", login.toEpochMilli()), login.toEpochMilli());
    publishAt(login.plusSeconds(2));
    assertThat(served(login, "crmpulse_logins_today"))
        .containsEntry("crmpulse_logins_today{rep=\"r2\",team=\"south\"}", 1.0);
  }

  @Test
  void windowsCountUpToNowAndMoveWithTheClockAlone() throws Exception {
    start(T0);
    add(call("r1", "c1", T0.minus(Duration.ofMinutes(30)), true));
    add(call("r1", "c2", T0.minus(Duration.ofHours(2)), false));
    add(call("r1", "c3", T0.minus(Duration.ofDays(8)), true));
    add(call("r1", "c4", T0.minus(Duration.ofDays(31)), false));
    // Future-dated: logged ahead of the call; it enters the windows when it happens.
    add(call("r1", "c5", T0.plus(Duration.ofMinutes(20)), false));
    add(opportunity("r1", "o1", T0.minus(Duration.ofDays(10))));
    add(opportunity("r1", "o2", T0.minus(Duration.ofDays(31))));
    publishAt(T0.plusSeconds(1));
    assertThat(windowed(T0)).containsOnly(
        entry("crmpulse_outbound_calls{rep=\"r1\",team=\"unknown\",window=\"1h\"}", 1.0),
        entry("crmpulse_outbound_calls{rep=\"r1\",team=\"unknown\",window=\"7d\"}", 2.0),
        entry("crmpulse_outbound_calls{rep=\"r1\",team=\"unknown\",window=\"30d\"}", 3.0),
        entry("crmpulse_connected_outbound_calls{rep=\"r1\",team=\"unknown\",window=\"7d\"}", 1.0),
        entry("crmpulse_contact_ratio{rep=\"r1\",team=\"unknown\",window=\"7d\"}", 0.5),
        entry("crmpulse_created_opportunities{rep=\"r1\",team=\"unknown\",window=\"30d\"}", 1.0),
        entry("crmpulse_opportunities_per_1000_calls{rep=\"r1\",team=\"unknown\",window=\"30d\"}", 1000.0 / 3));
    // One timer, at the next instant a value changes: the future call happening.
    assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
    publishAt(T0.plus(Duration.ofMinutes(20)).minusMillis(1));
    assertThat(windowed(T0)).containsEntry("crmpulse_outbound_calls{rep=\"r1\",team=\"unknown\",window=\"1h\"}", 1.0);
    publishAt(T0.plus(Duration.ofMinutes(20)));
    assertThat(windowed(T0)).containsEntry("crmpulse_outbound_calls{rep=\"r1\",team=\"unknown\",window=\"1h\"}", 2.0)
        .containsEntry("crmpulse_outbound_calls{rep=\"r1\",team=\"unknown\",window=\"30d\"}", 4.0)
        .containsEntry("crmpulse_opportunities_per_1000_calls{rep=\"r1\",team=\"unknown\",window=\"30d\"}", 250.0);
    // c1 leaves the hour exactly one hour after it happened.
    publishAt(T0.plus(Duration.ofMinutes(30)));
    assertThat(windowed(T0)).containsEntry("crmpulse_outbound_calls{rep=\"r1\",team=\"unknown\",window=\"1h\"}", 1.0);
    // A late edit moves c1 to another rep: its counts go with it.
    harness.processElement1(ActivityContribution.remove("r1", "c1", T0.toEpochMilli()), T0.toEpochMilli());
    publishAt(T0.plus(Duration.ofMinutes(31)));
    assertThat(windowed(T0)).containsEntry("crmpulse_outbound_calls{rep=\"r1\",team=\"unknown\",window=\"7d\"}", 2.0)
        .containsEntry("crmpulse_contact_ratio{rep=\"r1\",team=\"unknown\",window=\"7d\"}", 0.0)
        .doesNotContainKey("crmpulse_connected_outbound_calls{rep=\"r1\",team=\"unknown\",window=\"7d\"}");
    // Forty days on every window is empty, without a single event.
    publishAt(T0.plus(Duration.ofDays(40)));
    assertThat(windowed(T0)).isEmpty();
  }

  @Test
  void theTrailingMedianCountsEachWorkingDayUpToTheTimeOfDayNow() throws Exception {
    Instant now = Instant.parse("2026-03-10T08:40:00Z"); // Tuesday; D1..D4 = Mon 9, Fri 6, Thu 5, Wed 4
    start(new PacingSettings(4, EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY)), null, now);
    for (String at : new String[] {"2026-03-09T08:00:00Z", "2026-03-09T09:00:00Z",
        "2026-03-09T15:00:00Z", "2026-03-06T07:00:00Z", "2026-03-05T16:00:00Z",
        "2026-03-04T08:30:00Z", "2026-03-04T08:45:00Z",
        // A weekend day and the fifth working day back do not count; nor does today.
        "2026-03-08T08:00:00Z", "2026-03-08T08:10:00Z", "2026-03-03T07:00:00Z",
        "2026-03-10T06:00:00Z"}) {
      add(call("r1", "c" + at, Instant.parse(at), false));
    }
    // r2 called only on the weekend and today: nothing to pace against.
    add(call("r2", "w1", Instant.parse("2026-03-07T08:00:00Z"), false));
    add(call("r2", "w2", Instant.parse("2026-03-10T07:00:00Z"), false));
    publishAt(now);
    // By 08:40: Mon 1, Fri 1, Thu 0, Wed 1: the mean of the middle two of 0, 1, 1, 1.
    assertThat(served(now, "crmpulse_calls_trailing_median")).containsOnly(
        entry("crmpulse_calls_trailing_median{rep=\"r1\",team=\"unknown\"}", 1.0));
    publishAt(Instant.parse("2026-03-10T08:59:59.999Z"));
    assertThat(pace()).isEqualTo(1.0); // 0, 1, 1, 2 after 08:45
    publishAt(Instant.parse("2026-03-10T09:00:00Z"));
    assertThat(pace()).isEqualTo(1.5); // 0, 1, 2, 2
    // At midnight Tuesday becomes D1 and Wednesday 4 drops out; at 00:00 no day has a call yet.
    publishAt(Instant.parse("2026-03-11T00:00:00Z"));
    assertThat(pace()).isEqualTo(0.0);
    // One timer per rep: r1's next crossing, and r2's next midnight (its calls may yet count).
    assertThat(harness.numProcessingTimeTimers()).isEqualTo(2);
  }

  @Test
  void onADaylightSavingDayThePaceJumpsWithTheClock() throws Exception {
    // Sunday 29 March: Stockholm's clocks go from 02:00 to 03:00 at 01:00Z. D1 is Saturday 28th.
    Instant now = Instant.parse("2026-03-29T00:30:00Z"); // 01:30 local
    start(new PacingSettings(1, Set.of()), null, now);
    harness.processElement2(rep("r1", "north", "Europe/Stockholm", T0), T0.toEpochMilli());
    add(call("r1", "c1", Instant.parse("2026-03-28T01:30:00Z"), false)); // 02:30 local
    add(call("r1", "c2", Instant.parse("2026-03-28T02:30:00Z"), false)); // 03:30 local
    publishAt(now);
    assertThat(pace()).isEqualTo(0.0);
    publishAt(Instant.parse("2026-03-29T00:59:59.999Z"));
    assertThat(pace()).isEqualTo(0.0);
    // 02:30 never happens today: the call counts the moment the clock jumps past it.
    publishAt(Instant.parse("2026-03-29T01:00:00Z"));
    assertThat(pace()).isEqualTo(1.0);
    publishAt(Instant.parse("2026-03-29T01:29:59.999Z"));
    assertThat(pace()).isEqualTo(1.0);
    publishAt(Instant.parse("2026-03-29T01:30:00Z")); // 03:30 CEST
    assertThat(pace()).isEqualTo(2.0);
  }

  @Test
  void aReplayComputesTheWindowsAndThePaceAtAsOf() throws Exception {
    start(PacingSettings.defaults(), T0, Instant.EPOCH);
    add(call("r1", "c1", T0.minus(Duration.ofMinutes(30)), true));
    add(call("r1", "c2", T0.minus(Duration.ofDays(1)).minus(Duration.ofHours(1)), false));
    add(call("r1", "c3", T0.plus(Duration.ofMinutes(30)), false));
    harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));
    applyOutput();
    assertThat(windowed(T0)).containsEntry("crmpulse_outbound_calls{rep=\"r1\",team=\"unknown\",window=\"1h\"}", 1.0)
        .containsEntry("crmpulse_outbound_calls{rep=\"r1\",team=\"unknown\",window=\"7d\"}", 2.0);
    // Monday 07:00 is before Tuesday 08:00: D1 counts it, the other nine working days count 0.
    assertThat(pace()).isEqualTo(0.0);
    assertThat(served(T0, "crmpulse_calls_today")).containsEntry(
        "crmpulse_calls_today{rep=\"r1\",team=\"unknown\"}", 2.0);
  }

  @Test
  void finishedPeriodsAndWindowsLeaveNoStateAndNoTimers() throws Exception {
    start(T0);
    add(call("r1", "c1", T0, true));
    add(completed("r1", "e1", T0.toString(), "email", "outbound", "sent"));
    add(ActivityContribution.add("r1", "login/l1", T0.toEpochMilli(), ActivityKinds.LOGIN, T0.toEpochMilli()));
    add(opportunity("r1", "o1", T0));
    publishAt(T0.plusSeconds(1));
    assertThat(served(T0, "crmpulse_")).isNotEmpty();
    long expiry = T0.plus(RepActivityAggregator.RETENTION).plus(LATENESS).toEpochMilli();
    harness.processBothWatermarks(new Watermark(expiry - 1));
    applyOutput();
    assertThat(held).isNotEmpty();
    harness.processBothWatermarks(new Watermark(expiry));
    applyOutput();
    assertThat(held).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numProcessingTimeTimers()).isZero();
  }

  @Test
  void contributionsAreHeldForTheMonthOrLongerWhenPacingReachesFurther() {
    assertThat(RepActivityAggregator.retention(PacingSettings.defaults())).isEqualTo(Duration.ofDays(32));
    // Twenty working days of four a week reach five weeks back.
    Duration far = RepActivityAggregator.retention(new PacingSettings(20,
        EnumSet.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY)));
    assertThat(far).isGreaterThan(Duration.ofDays(35));
  }

  private static ActivityContribution completed(String rep, String id, String occurredAt,
      String type, String direction, String outcome) {
    long at = Instant.parse(occurredAt).toEpochMilli();
    int kinds = type.equals("call") && direction.equals("outbound")
        ? ActivityKinds.OUTBOUND_CALL | (outcome.equals("connected")
            ? ActivityKinds.OUTBOUND_CALL_CONNECTED | ActivityKinds.CONVERSATION : 0)
        : type.equals("meeting") && outcome.equals("held") ? ActivityKinds.CONVERSATION : 0;
    return ActivityContribution.add(rep, id, at, kinds, at).described(type, direction, outcome);
  }

  private static ActivityContribution call(String rep, String id, Instant at, boolean connected) {
    return completed(rep, id, at.toString(), "call", "outbound", connected ? "connected" : "no_answer");
  }

  private static ActivityContribution opportunity(String rep, String id, Instant createdAt) {
    return ActivityContribution.add(rep, "opportunity/" + id, createdAt.toEpochMilli(),
        ActivityKinds.OPPORTUNITY, createdAt.toEpochMilli());
  }

  private void add(ActivityContribution c) throws Exception {
    harness.processElement1(c, c.eventTime);
  }

  /** Moves the wall clock to {@code now}: due flushes and time-driven changes publish. */
  private void publishAt(Instant now) throws Exception {
    harness.setProcessingTime(now.toEpochMilli());
    applyOutput();
  }

  private void applyOutput() {
    var updates = harness.extractOutputValues();
    for (SeriesUpdate update : updates.subList(applied, updates.size())) {
      if (update.isRemoval()) {
        held.remove(update.key);
      } else {
        held.put(update.key, update.snapshot);
      }
    }
    applied = updates.size();
  }

  /** Series text to value, as the exporter serves at {@code now}: periods containing it only. */
  private Map<String, Double> served(Instant now, String prefix) {
    Map<String, Double> served = new TreeMap<>();
    held.forEach((key, snapshot) -> {
      if (key.startsWith(prefix) && servedAt(snapshot, now)) {
        served.put(key.contains("@") ? key.substring(0, key.indexOf('@')) : key, snapshot.getValue());
      }
    });
    return served;
  }

  private MetricSnapshot servedSnapshot(Instant now, String series) {
    return held.entrySet().stream()
        .filter(e -> e.getKey().startsWith(series) && servedAt(e.getValue(), now))
        .map(Map.Entry::getValue).findFirst().orElseThrow();
  }

  private static boolean servedAt(MetricSnapshot snapshot, Instant now) {
    return snapshot.getPeriodStart() == null
        || (!now.isBefore(snapshot.getPeriodStart()) && now.isBefore(snapshot.getPeriodEnd()));
  }

  private Map<String, Double> windowed(Instant now) {
    Map<String, Double> windowed = new TreeMap<>(served(now, "crmpulse_"));
    windowed.keySet().removeIf(key -> !key.contains("window="));
    return windowed;
  }

  private double pace() {
    return served(Instant.EPOCH, "crmpulse_calls_trailing_median").values().stream()
        .findFirst().orElseThrow();
  }

  private static String activities(String type, String direction, String outcome, String period) {
    return "crmpulse_activities{direction=\"" + direction + "\",outcome=\"" + outcome
        + "\",period=\"" + period + "\",rep=\"r1\",team=\"north\",type=\"" + type + "\"}";
  }
}
