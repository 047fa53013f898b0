package io.crmpulse.jobs.pipeline;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;

/**
 * How thresholds count time: plain durations (calendar days), or only the milliseconds that fall
 * on business days (local dates of one zone that are neither weekend nor holiday), so that "5
 * business days" skips a weekend and a holiday.
 */
public record BusinessTime(boolean businessDays, Set<DayOfWeek> weekend, Set<LocalDate> holidays,
    ZoneId zone) implements Serializable {

  public static BusinessTime calendar() {
    return new BusinessTime(false, Set.of(), Set.of(), ZoneId.of("UTC"));
  }

  /**
   * The earliest millisecond at which more than {@code threshold} has been counted since {@code
   * from}: the instant a deal crosses its threshold.
   */
  public Instant firstBeyond(Instant from, Duration threshold) {
    if (!businessDays) {
      return from.plus(threshold).plusMillis(1);
    }
    long remaining = threshold.toMillis();
    LocalDate day = from.atZone(zone).toLocalDate();
    while (true) {
      Instant dayStart = day.atStartOfDay(zone).toInstant();
      Instant segmentStart = dayStart.isAfter(from) ? dayStart : from;
      Instant dayEnd = day.plusDays(1).atStartOfDay(zone).toInstant();
      if (isBusinessDay(day)) {
        long length = Duration.between(segmentStart, dayEnd).toMillis();
        if (length > remaining) {
          return segmentStart.plusMillis(remaining + 1);
        }
        remaining -= length;
      }
      day = day.plusDays(1);
    }
  }

  /** The start of the local day (in this calendar's zone) containing {@code at}. */
  public long dayStart(long at) {
    return Instant.ofEpochMilli(at).atZone(zone).toLocalDate().atStartOfDay(zone).toInstant()
        .toEpochMilli();
  }

  /** The start of the next local day after the one containing {@code at}. */
  public long nextDayStart(long at) {
    return Instant.ofEpochMilli(at).atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone)
        .toInstant().toEpochMilli();
  }

  private boolean isBusinessDay(LocalDate day) {
    return !weekend.contains(day.getDayOfWeek()) && !holidays.contains(day);
  }
}
