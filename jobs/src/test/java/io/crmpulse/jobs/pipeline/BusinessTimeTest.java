package io.crmpulse.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BusinessTimeTest {
  private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
  private static final Set<DayOfWeek> SAT_SUN = Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
  /** Friday 2026-03-13, 09:00 in Stockholm (CET, UTC+1). */
  private static final Instant FRIDAY_0900 = Instant.parse("2026-03-13T08:00:00Z");

  private static BusinessTime business(Set<DayOfWeek> weekend, LocalDate... holidays) {
    return new BusinessTime(true, weekend, Set.of(holidays), STOCKHOLM);
  }

  @Test
  void calendarModeIsTheBasisPlusTheThresholdPlusOneMillisecond() {
    Instant tuesday = Instant.parse("2026-03-10T08:00:00Z");
    assertThat(BusinessTime.calendar().firstBeyond(tuesday, Duration.ofDays(14)))
        .isEqualTo(Instant.parse("2026-03-24T08:00:00.001Z"));
    // Weekends, holidays and the zone mean nothing when days are calendar days.
    BusinessTime calendarWithHolidays =
        new BusinessTime(false, SAT_SUN, Set.of(LocalDate.parse("2026-03-11")), STOCKHOLM);
    assertThat(calendarWithHolidays.firstBeyond(FRIDAY_0900, Duration.ofHours(36)))
        .isEqualTo(FRIDAY_0900.plus(Duration.ofHours(36)).plusMillis(1));
  }

  @Test
  void aWeekendIsSkipped() {
    // Friday counts 15 h (09:00 to midnight), the weekend nothing, Monday the remaining 9 h.
    assertThat(business(SAT_SUN).firstBeyond(FRIDAY_0900, Duration.ofDays(1)))
        .isEqualTo(Instant.parse("2026-03-16T08:00:00.001Z"));
  }

  @Test
  void aHolidayIsSkipped() {
    Instant tuesday0900 = Instant.parse("2026-03-10T08:00:00Z");
    BusinessTime wednesdayOff = business(SAT_SUN, LocalDate.parse("2026-03-11"));
    assertThat(wednesdayOff.firstBeyond(tuesday0900, Duration.ofDays(1)))
        .isEqualTo(Instant.parse("2026-03-12T08:00:00.001Z"));
    assertThat(business(SAT_SUN).firstBeyond(tuesday0900, Duration.ofDays(1)))
        .isEqualTo(Instant.parse("2026-03-11T08:00:00.001Z"));
  }

  @Test
  void countingStartsAtTheNextBusinessDayWhenTheBasisFallsOnAWeekend() {
    Instant saturdayNoon = Instant.parse("2026-03-14T11:00:00Z");
    // Monday 00:00 in Stockholm is Sunday 23:00Z.
    assertThat(business(SAT_SUN).firstBeyond(saturdayNoon, Duration.ofHours(1)))
        .isEqualTo(Instant.parse("2026-03-16T00:00:00.001Z"));
  }

  @Test
  void theSpringForwardDayHasTwentyThreeHours() {
    // Stockholm moves from UTC+1 to UTC+2 on Sunday 2026-03-29; with a Friday/Saturday weekend
    // that Sunday is a business day, 23 h long.
    BusinessTime sundayWorks = business(Set.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY));
    Instant sundayMidnight = LocalDate.parse("2026-03-29").atStartOfDay(STOCKHOLM).toInstant();
    assertThat(sundayMidnight).isEqualTo(Instant.parse("2026-03-28T23:00:00Z"));
    // 12 h of that day end at 13:00 local time, not 12:00.
    assertThat(sundayWorks.firstBeyond(sundayMidnight, Duration.ofHours(12)))
        .isEqualTo(Instant.parse("2026-03-29T11:00:00.001Z"));
    // One business day from its midnight: the Sunday's 23 h, then 1 h of Monday (01:00 local).
    assertThat(sundayWorks.firstBeyond(sundayMidnight, Duration.ofDays(1)))
        .isEqualTo(Instant.parse("2026-03-29T23:00:00.001Z"));
  }

  @Test
  void aThresholdEndingExactlyAtTheEndOfABusinessDayIsCrossedInTheNextBusinessDaysFirstMillisecond() {
    // Friday 09:00 to midnight is exactly 15 h: counted time exceeds it only once Monday starts.
    Instant mondayMidnight = LocalDate.parse("2026-03-16").atStartOfDay(STOCKHOLM).toInstant();
    assertThat(business(SAT_SUN).firstBeyond(FRIDAY_0900, Duration.ofHours(15)))
        .isEqualTo(mondayMidnight.plusMillis(1))
        .isEqualTo(Instant.parse("2026-03-15T23:00:00.001Z"));
    // One millisecond less is crossed as the Friday ends, at Saturday 00:00 local time.
    assertThat(business(SAT_SUN).firstBeyond(FRIDAY_0900, Duration.ofHours(15).minusMillis(1)))
        .isEqualTo(LocalDate.parse("2026-03-14").atStartOfDay(STOCKHOLM).toInstant());
  }
}
