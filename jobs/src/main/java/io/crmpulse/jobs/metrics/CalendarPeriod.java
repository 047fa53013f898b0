package io.crmpulse.jobs.metrics;

import io.crmpulse.contract.Metric;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

/**
 * One instance of a calendar period of a rep's, as the {@code period} label names it: local dates
 * [start, end) in the rep's zone, which the series' period_start and period_end make instants.
 */
public record CalendarPeriod(String label, LocalDate start, LocalDate end) {
  /** The day, its ISO week (Monday to Monday) and its month. */
  public static List<CalendarPeriod> containing(LocalDate day) {
    LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    LocalDate first = day.withDayOfMonth(1);
    return List.of(new CalendarPeriod(Metric.PERIOD_TODAY, day, day.plusDays(1)),
        new CalendarPeriod(Metric.PERIOD_WEEK, monday, monday.plusWeeks(1)),
        new CalendarPeriod(Metric.PERIOD_MONTH, first, first.plusMonths(1)));
  }
}
