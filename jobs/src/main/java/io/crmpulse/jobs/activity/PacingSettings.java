package io.crmpulse.jobs.activity;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which past days a rep's pace today is held against: the {@code trailingDays} most recent local
 * dates before today that are working days (not in {@code weekend}); and the daily call targets of
 * reps whose record sets none, per team or for everyone.
 */
public final class PacingSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int trailingDays;
  private final EnumSet<DayOfWeek> weekend;
  private final Integer defaultTarget;
  private final HashMap<String, Integer> teamTargets;

  public PacingSettings(int trailingDays, Set<DayOfWeek> weekend) {
    this(trailingDays, weekend, null, Map.of());
  }

  /**
   * @param defaultTarget the daily call target of a rep whose record and team set none, or null
   * @param teamTargets the daily call target of a rep whose record sets none, by the rep's team
   */
  public PacingSettings(int trailingDays, Set<DayOfWeek> weekend, Integer defaultTarget,
      Map<String, Integer> teamTargets) {
    if (trailingDays < 1 || weekend.size() >= 7) {
      throw new IllegalArgumentException("need at least one trailing day and one working day");
    }
    this.trailingDays = trailingDays;
    this.weekend = weekend.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(weekend);
    this.defaultTarget = defaultTarget;
    this.teamTargets = new HashMap<>(teamTargets);
  }

  public static PacingSettings defaults() {
    return new PacingSettings(10, EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));
  }

  /**
   * The rep's daily call target: the rep record's own, else the configured one of the rep's team,
   * else the configured default; null when none is set.
   */
  public Integer dailyCallTarget(Integer fromRecord, String team) {
    if (fromRecord != null) {
      return fromRecord;
    }
    Integer forTeam = team == null ? null : teamTargets.get(team);
    return forTeam != null ? forTeam : defaultTarget;
  }

  public int trailingDays() {
    return trailingDays;
  }

  public Set<DayOfWeek> weekend() {
    return EnumSet.copyOf(weekend);
  }

  /** D1..DN: the working days before {@code today}, most recent first. */
  public List<LocalDate> daysBefore(LocalDate today) {
    List<LocalDate> days = new ArrayList<>(trailingDays);
    for (LocalDate day = today.minusDays(1); days.size() < trailingDays; day = day.minusDays(1)) {
      if (!weekend.contains(day.getDayOfWeek())) {
        days.add(day);
      }
    }
    return days;
  }

  /**
   * How far back a contribution can still count: from the start of the oldest trailing day,
   * whatever the weekday of today, to the end of today, plus a day for a zone change.
   */
  public Duration lookBack() {
    long longest = 0;
    LocalDate monday = LocalDate.of(2024, 1, 1);
    for (int i = 0; i < 7; i++) {
      LocalDate today = monday.plusDays(i);
      List<LocalDate> days = daysBefore(today);
      longest = Math.max(longest, ChronoUnit.DAYS.between(days.get(days.size() - 1), today));
    }
    return Duration.ofDays(longest + 2);
  }
}
