package io.crmpulse.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigTest {
  @TempDir Path dir;

  @Test
  void defaultsFollowTheContract() {
    JobConfig config = JobConfig.of(Map.of());
    assertThat(config.allowedLateness()).isEqualTo(Duration.ofHours(1));
    assertThat(config.maxFuture()).isEqualTo(Duration.ofDays(1));
    assertThat(config.defaultTimeZone()).isEqualTo(ZoneId.of("UTC"));
  }

  @Test
  void fileAndOverridesAreReadInThatOrder() throws Exception {
    Path file = Files.writeString(dir.resolve("job.properties"),
        "events.allowed-lateness = 2 h\nreps.default-time-zone = Europe/Stockholm\n");
    JobConfig config = JobConfig.load(file, Map.of("events.allowed-lateness", "90 min"));
    assertThat(config.allowedLateness()).isEqualTo(Duration.ofMinutes(90));
    assertThat(config.defaultTimeZone()).isEqualTo(ZoneId.of("Europe/Stockholm"));
  }

  @Test
  void badValuesFailNamingTheKeyAndTheFix() {
    assertThatThrownBy(() -> JobConfig.of(Map.of("events.allowed-lateness", "soon")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config key 'events.allowed-lateness' has value 'soon', which is not valid."
            + " Fix: set it to a duration such as 500 ms, 30 s, 1 h or 1 d.");
    assertThatThrownBy(() -> JobConfig.of(Map.of("reps.default-time-zone", "Mars/Olympus")))
        .hasMessageContaining("'reps.default-time-zone'").hasMessageContaining("IANA time zone");
    assertThatThrownBy(() -> JobConfig.of(Map.of("snapshots.flush-interval", "0 ms")))
        .hasMessageStartingWith("config key 'snapshots.flush-interval' must be positive");
    assertThatThrownBy(() -> JobConfig.of(Map.of("events.lateness", "1 h")))
        .hasMessageStartingWith("unknown config key 'events.lateness'. Fix: use one of")
        .hasMessageContaining("events.allowed-lateness");
    assertThatThrownBy(() -> JobConfig.load(dir.resolve("missing.properties"), Map.of()))
        .hasMessageStartingWith("cannot read config file");
  }

  @Test
  void dealThresholdsCanBeSetPerStageAndPerTeam() {
    var deals = JobConfig.of(Map.of("deals.neglect-after.negotiation", "7 d",
        "deals.stall-after.proposal", "45 d", "deals.neglect-after.proposal", "21 d",
        "deals.neglect-after.team.Nordics", "10 d", "deals.stall-after.team.APAC", "25 d")).deals();
    assertThat(deals.neglectAfter("negotiation", null)).isEqualTo(Duration.ofDays(7));
    assertThat(deals.neglectAfter("proposal", "Nordics")).as("stage wins").isEqualTo(Duration.ofDays(21));
    assertThat(deals.neglectAfter("prospecting", null)).isEqualTo(Duration.ofDays(14));
    assertThat(deals.neglectAfter("prospecting", "Nordics")).isEqualTo(Duration.ofDays(10));
    assertThat(deals.stallAfter("proposal", null)).isEqualTo(Duration.ofDays(45));
    assertThat(deals.stallAfter("negotiation", "APAC")).isEqualTo(Duration.ofDays(25));
    assertThat(deals.stallAfter("negotiation", "Nordics")).isEqualTo(Duration.ofDays(30));
    assertThat(deals.byTeam()).isTrue();
    assertThat(deals.longestNeglect()).isEqualTo(Duration.ofDays(21));
    assertThat(deals.stages()).containsExactly("prospecting", "qualification", "proposal", "negotiation");
    assertThat(deals.probability("proposal")).isEqualTo(0.5);
    assertThat(deals.time().businessDays()).isFalse();
  }

  @Test
  void businessDaysReadTheWeekendHolidaysAndZone() {
    var time = JobConfig.of(Map.of("deals.threshold-days", "business",
        "deals.weekend", "friday, SATURDAY", "deals.holidays", "2026-12-24,2026-12-25",
        "deals.calendar-zone", "Europe/Stockholm")).deals().time();
    assertThat(time.businessDays()).isTrue();
    assertThat(time.weekend()).containsExactlyInAnyOrder(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY);
    assertThat(time.holidays()).containsExactlyInAnyOrder(
        LocalDate.parse("2026-12-24"), LocalDate.parse("2026-12-25"));
    assertThat(time.zone()).isEqualTo(ZoneId.of("Europe/Stockholm"));
  }

  @Test
  void badDealKeysFailNamingTheKeyAndTheFix() {
    assertThatThrownBy(() -> JobConfig.of(Map.of("deals.neglect", "7 d")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("unknown config key 'deals.neglect'. Fix: use one of")
        .hasMessageContaining("deals.neglect-after");
    // A per-stage key needs a stage after the dot.
    assertThatThrownBy(() -> JobConfig.of(Map.of("deals.neglect-after.", "7 d")))
        .hasMessageStartingWith("unknown config key 'deals.neglect-after.'. Fix:");
    assertThatThrownBy(() -> JobConfig.of(Map.of("deals.stall-after.proposal", "0 d")))
        .hasMessage("config key 'deals.stall-after.proposal' must be positive (value '0 d'). Fix: how"
            + " long an open deal may stay in one stage before it is stalled: a duration such as"
            + " 30 d, or a multiple of the stage's observed median days in stage such as 2x median;"
            + " per stage: deals.stall-after.<stage> (either kind), per owner's team:"
            + " deals.stall-after.team.<team> (a duration).");
    assertThatThrownBy(() -> JobConfig.of(Map.of("deals.neglect-after.proposal", "soon")))
        .hasMessageStartingWith("config key 'deals.neglect-after.proposal' has value 'soon'")
        .hasMessageContaining("Fix: set it to a duration");
  }

  @Test
  void stallThresholdsCanBeAMultipleOfTheStagesMedian() {
    var deals = JobConfig.of(Map.of("deals.stall-after", "2x median",
        "deals.stall-after.proposal", "1.5x median", "deals.stall-after.negotiation", "20 d",
        "deals.stall-after.team.APAC", "25 d")).deals();
    assertThat(deals.byMedian()).isTrue();
    assertThat(deals.stallMultiple("prospecting", null)).isEqualByComparingTo("2");
    assertThat(deals.stallMultiple("proposal", "APAC")).as("stage wins").isEqualByComparingTo("1.5");
    assertThat(deals.stallMultiple("negotiation", null)).isNull();
    assertThat(deals.stallMultiple("prospecting", "APAC")).as("team over default").isNull();
    // k x the median in ms, rounded down; with no exit the fallback, 30 d as the default is a multiple.
    assertThat(deals.stallAfter("proposal", null, new java.math.BigDecimal("1000.5")))
        .isEqualTo(Duration.ofMillis(1500));
    assertThat(deals.stallAfter("prospecting", null, null)).isEqualTo(Duration.ofDays(30));
    assertThat(deals.stallAfter("negotiation", null, java.math.BigDecimal.ONE)).isEqualTo(Duration.ofDays(20));
    assertThat(deals.stallAfter("prospecting", "APAC", java.math.BigDecimal.ONE)).isEqualTo(Duration.ofDays(25));

    var absoluteDefault = JobConfig.of(Map.of("deals.stall-after", "40 d",
        "deals.stall-after.qualification", "2.0X Median")).deals();
    assertThat(absoluteDefault.stallMultiple("qualification", null)).isEqualByComparingTo("2");
    assertThat(absoluteDefault.stallAfter("qualification", null, null))
        .as("no exit: the absolute default").isEqualTo(Duration.ofDays(40));
    assertThat(absoluteDefault.stallMultiple("proposal", null)).isNull();
    assertThat(JobConfig.of(Map.of()).deals().byMedian()).isFalse();
  }

  @Test
  void badMultiplesOfTheMedianFailNamingTheKeyAndTheFix() {
    assertThatThrownBy(() -> JobConfig.of(Map.of("deals.stall-after", "0x median")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config key 'deals.stall-after' must be a positive multiple of the"
            + " median (value '0x median'). Fix: how long an open deal may stay in one stage");
    assertThatThrownBy(() -> JobConfig.of(Map.of("deals.stall-after.proposal", "2x mean")))
        .hasMessage("config key 'deals.stall-after.proposal' has value '2x mean', which is not valid."
            + " Fix: set it to a duration such as 30 d, or a multiple of the stage's median such as"
            + " 2x median.");
    assertThatThrownBy(() -> JobConfig.of(Map.of("deals.stall-after", "twice the median")))
        .hasMessageStartingWith("config key 'deals.stall-after' is not a multiple of the median"
            + " written as <k>x median, such as 2x median or 1.5x median (value 'twice the median').");
    assertThatThrownBy(() -> JobConfig.of(Map.of("deals.stall-after.team.APAC", "2x median")))
        .hasMessageStartingWith("config key 'deals.stall-after.team.APAC' must be a duration: a"
            + " team's stall threshold cannot be a multiple of the median (value '2x median'). Fix:");
    assertThatThrownBy(() -> JobConfig.of(Map.of("deals.neglect-after", "2x median")))
        .hasMessageStartingWith("config key 'deals.neglect-after' has value '2x median', which is not"
            + " valid. Fix: set it to a duration");
  }

  @Test
  void aBadStageListFailsNamingTheEntry() {
    assertThatThrownBy(() -> JobConfig.of(Map.of("deals.stages", "prospecting:0.1,proposal")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config key 'deals.stages' has the entry 'proposal', which is not a new"
            + " stage:probability with a probability from 0 to 1 (value 'prospecting:0.1,proposal')."
            + " Fix: the open stages in order, each with its win probability:"
            + " stage:probability[,stage:probability].");
    assertThatThrownBy(() -> JobConfig.of(Map.of("deals.stages", "proposal:1.5")))
        .hasMessageStartingWith("config key 'deals.stages' has the entry 'proposal:1.5'")
        .hasMessageContaining(". Fix: ");
    assertThatThrownBy(() -> JobConfig.of(Map.of("deals.stages", "proposal:0.5,proposal:0.6")))
        .hasMessageStartingWith("config key 'deals.stages' has the entry 'proposal:0.6'");
    assertThatThrownBy(() -> JobConfig.of(Map.of("deals.stages", "proposal:half")))
        .hasMessageStartingWith("config key 'deals.stages' has the entry 'proposal:half'");
  }

  @Test
  void aWeekendOfSevenDaysOrABadDayFails() {
    assertThatThrownBy(() -> JobConfig.of(Map.of("deals.weekend",
        "MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config key 'deals.weekend' leaves no business day (value 'MONDAY,")
        .hasMessageContaining("Fix: days of the week that are not business days");
    assertThatThrownBy(() -> JobConfig.of(Map.of("deals.weekend", "SATURDAY,FUNDAY")))
        .hasMessage("config key 'deals.weekend' has value 'FUNDAY', which is not valid."
            + " Fix: set it to days of the week such as SATURDAY,SUNDAY.");
  }

  @Test
  void aBadHolidayDateFails() {
    assertThatThrownBy(() -> JobConfig.of(Map.of("deals.holidays", "2026-12-24,2026-02-30")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config key 'deals.holidays' has value '2026-02-30', which is not valid."
            + " Fix: set it to ISO dates such as 2026-12-25.");
    assertThatThrownBy(() -> JobConfig.of(Map.of("deals.holidays", "24/12/2026")))
        .hasMessageStartingWith("config key 'deals.holidays' has value '24/12/2026'");
  }

  @Test
  void thresholdDaysMustBeCalendarOrBusiness() {
    assertThatThrownBy(() -> JobConfig.of(Map.of("deals.threshold-days", "weekdays")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config key 'deals.threshold-days' must be calendar or business (value"
            + " 'weekdays'). Fix: how thresholds count days: calendar, or business (skipping"
            + " deals.weekend and deals.holidays).");
    assertThatThrownBy(() -> JobConfig.of(Map.of("deals.calendar-zone", "Mars/Olympus")))
        .hasMessageContaining("'deals.calendar-zone'").hasMessageContaining("IANA time zone");
  }

  @Test
  void busyDealsCountFiveTouchesInFourteenDaysUnlessSetOtherwise() {
    var defaults = JobConfig.of(Map.of()).deals();
    assertThat(defaults.busyTouches()).isEqualTo(5);
    assertThat(defaults.busyWindow()).isEqualTo(Duration.ofDays(14));
    assertThat(defaults.longestTouchReach()).isEqualTo(Duration.ofDays(14));

    var set = JobConfig.of(Map.of("deals.busy-touches", " 8", "deals.busy-window", "21 d",
        "deals.threshold-days", "business")).deals();
    assertThat(set.busyTouches()).isEqualTo(8);
    assertThat(set.busyWindow()).as("calendar time, also with business days").isEqualTo(Duration.ofDays(21));
    // Activities are kept, and re-read on a fresh start, as long as they can be busy touches.
    assertThat(set.longestTouchReach()).isEqualTo(Duration.ofDays(21));
    assertThat(JobConfig.of(Map.of("deals.busy-window", "3 d")).deals().longestTouchReach())
        .as("the neglect threshold reaches further").isEqualTo(Duration.ofDays(14));
  }

  @Test
  void badBusySettingsFailNamingTheKeyAndTheFix() {
    assertThatThrownBy(() -> JobConfig.of(Map.of("deals.busy-touches", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config key 'deals.busy-touches' must be at least 1 (value '0'). Fix: how"
            + " many completed activities");
    assertThatThrownBy(() -> JobConfig.of(Map.of("deals.busy-touches", "five")))
        .hasMessage("config key 'deals.busy-touches' has value 'five', which is not valid."
            + " Fix: set it to a whole number from 1 up, such as 5.");
    assertThatThrownBy(() -> JobConfig.of(Map.of("deals.busy-touches", "2.5")))
        .hasMessageStartingWith("config key 'deals.busy-touches' has value '2.5'");
    assertThatThrownBy(() -> JobConfig.of(Map.of("deals.busy-window", "0 d")))
        .hasMessageStartingWith("config key 'deals.busy-window' must be positive (value '0 d'). Fix: the"
            + " rolling window");
    assertThatThrownBy(() -> JobConfig.of(Map.of("deals.busy-window", "a fortnight")))
        .hasMessage("config key 'deals.busy-window' has value 'a fortnight', which is not valid."
            + " Fix: set it to a duration such as 500 ms, 30 s, 1 h or 1 d.");
  }

  @Test
  void durableCheckpointsAreRetainedAndCanBeResumedFrom() {
    var flink = JobConfig.of(Map.of("checkpoints.dir", "file:///tmp/ck",
        "checkpoints.restore-from", "file:///tmp/ck/job/chk-3")).flinkConfiguration();
    assertThat(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("file:///tmp/ck");
    assertThat(flink.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION).name())
        .isEqualTo("RETAIN_ON_CANCELLATION");
    assertThat(flink.get(StateRecoveryOptions.SAVEPOINT_PATH)).isEqualTo("file:///tmp/ck/job/chk-3");
  }

  @Test
  void leadSettingsHaveDefaultsAndFailNamingTheKeyAndTheFix() {
    var prospects = JobConfig.of(Map.of()).prospects();
    assertThat(prospects.sources()).containsExactlyInAnyOrder(
        "website", "inbound_call", "trade_show", "referral", "outbound", "partner");
    assertThat(prospects.responseSla()).isEqualTo(Duration.ofHours(1));
    assertThat(prospects.giveUpAfter()).isEqualTo(Duration.ofDays(7));
    assertThat(prospects.stages()).containsExactly("prospecting", "qualification", "proposal", "negotiation");
    assertThat(prospects.retention()).isEqualTo(Duration.ofDays(40));
    assertThat(prospects.sourceLabel(" Trade-Show! ")).isEqualTo("trade_show");
    assertThat(prospects.sourceLabel("Cold list")).isEqualTo("other");
    assertThat(prospects.sourceLabel(" ")).isEqualTo("unknown");

    var custom = JobConfig.of(Map.of("leads.sources", "web, cold_list", "leads.response-sla", "15 min",
        "leads.give-up-after", "14 d")).prospects();
    assertThat(custom.sources()).containsExactlyInAnyOrder("web", "cold_list");
    assertThat(custom.responseSla()).isEqualTo(Duration.ofMinutes(15));
    assertThat(custom.retention()).isEqualTo(Duration.ofDays(47));

    assertThatThrownBy(() -> JobConfig.of(Map.of("leads.sources", "website,Trade Show")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config key 'leads.sources' has 'Trade Show', which is not lower case a-z, 0-9 and _")
        .hasMessageContaining("Fix: lead sources kept as labels");
    assertThatThrownBy(() -> JobConfig.of(Map.of("leads.response-sla", "0 s")))
        .hasMessageStartingWith("config key 'leads.response-sla' must be positive");
    assertThatThrownBy(() -> JobConfig.of(Map.of("leads.give-up-after", "a week")))
        .hasMessage("config key 'leads.give-up-after' has value 'a week', which is not valid."
            + " Fix: set it to a duration such as 500 ms, 30 s, 1 h or 1 d.");
  }

  @Test
  void pacingReadsTheTrailingDaysAndTheWeekend() {
    var defaults = JobConfig.of(Map.of()).pacing();
    assertThat(defaults.trailingDays()).isEqualTo(10);
    assertThat(defaults.weekend()).containsExactlyInAnyOrder(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
    var pacing = JobConfig.of(Map.of("pacing.trailing-days", "20", "pacing.weekend", "friday, SATURDAY"))
        .pacing();
    assertThat(pacing.trailingDays()).isEqualTo(20);
    assertThat(pacing.weekend()).containsExactlyInAnyOrder(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY);
    assertThat(JobConfig.of(Map.of("pacing.weekend", "")).pacing().weekend()).isEmpty();
  }

  @Test
  void dailyCallTargetsComeFromTheRepRecordThenTheTeamThenTheDefault() {
    assertThat(JobConfig.of(Map.of()).pacing().dailyCallTarget(null, "north")).isNull();
    var pacing = JobConfig.of(Map.of("pacing.daily-call-target", "40",
        "pacing.daily-call-target.team.north", "60")).pacing();
    assertThat(pacing.dailyCallTarget(25, "north")).isEqualTo(25);
    assertThat(pacing.dailyCallTarget(null, "north")).isEqualTo(60);
    assertThat(pacing.dailyCallTarget(null, "south")).isEqualTo(40);
    assertThat(pacing.dailyCallTarget(null, null)).isEqualTo(40);

    assertThatThrownBy(() -> JobConfig.of(Map.of("pacing.daily-call-target", "forty")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config key 'pacing.daily-call-target' has value 'forty', which is not valid."
            + " Fix: set it to a whole number of calls from 0 up.");
    assertThatThrownBy(() -> JobConfig.of(Map.of("pacing.daily-call-target.team.north", "-5")))
        .hasMessageStartingWith("config key 'pacing.daily-call-target.team.north' must not be negative"
            + " (value '-5'). Fix: the daily call target of a rep whose rep record sets no"
            + " daily_call_target");
    assertThatThrownBy(() -> JobConfig.of(Map.of("pacing.daily-call-target.team.", "5")))
        .hasMessageStartingWith("unknown config key 'pacing.daily-call-target.team.'");
  }

  @Test
  void badPacingKeysFailNamingTheKeyAndTheFix() {
    assertThatThrownBy(() -> JobConfig.of(Map.of("pacing.trailing-days", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config key 'pacing.trailing-days' must be from 1 to 20 (value '0')."
            + " Fix: how many past working days");
    assertThatThrownBy(() -> JobConfig.of(Map.of("pacing.trailing-days", "21")))
        .hasMessageStartingWith("config key 'pacing.trailing-days' must be from 1 to 20");
    assertThatThrownBy(() -> JobConfig.of(Map.of("pacing.trailing-days", "ten")))
        .hasMessage("config key 'pacing.trailing-days' has value 'ten', which is not valid."
            + " Fix: set it to a whole number from 1 to 20.");
    assertThatThrownBy(() -> JobConfig.of(Map.of("pacing.weekend", "SATURDAY,SUNDAE")))
        .hasMessage("config key 'pacing.weekend' has value 'SUNDAE', which is not valid."
            + " Fix: set it to days of the week such as SATURDAY,SUNDAY.");
    assertThatThrownBy(() -> JobConfig.of(Map.of("pacing.weekend",
        "MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY")))
        .hasMessageStartingWith("config key 'pacing.weekend' leaves no working day");
  }
}
