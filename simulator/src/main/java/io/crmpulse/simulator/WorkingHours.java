package io.crmpulse.simulator;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;

/**
 * How busy a rep is at an instant of their local day, as a share of their peak pace: full in
 * working hours, a lunch dip, and a trickle outside them (a call from the car, an evening email),
 * so the floor is never completely silent.
 */
final class WorkingHours {
  static final double LUNCH = 0.35;
  private static final int LUNCH_START = 12 * 3600;
  private static final int LUNCH_END = 13 * 3600;

  private WorkingHours() {}

  static double intensity(RepProfile rep, Instant at, SimulationOptions options) {
    SimulationOptions.Tempo tempo = options.tempoAt(at);
    ZonedDateTime local = at.atZone(rep.zone());
    double day = isWeekend(local.getDayOfWeek()) ? tempo.weekendFactor() : 1.0;
    int second = local.toLocalTime().toSecondOfDay();
    int start = rep.workStart().toSecondOfDay();
    int end = start + (int) rep.workLength().toSeconds();
    if (second < start || second >= end) {
      return day * tempo.offHoursFactor();
    }
    return day * (second >= LUNCH_START && second < LUNCH_END ? LUNCH : 1.0);
  }

  static boolean isWeekend(DayOfWeek day) {
    return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
  }

  /**
   * A random instant inside the rep's working hours on a local date, lunch avoided; a weekend date
   * moves to the Monday after.
   */
  static Instant randomWorkTime(RepProfile rep, LocalDate date, Dice dice) {
    while (isWeekend(date.getDayOfWeek())) {
      date = date.plusDays(1);
    }
    long start = rep.workStart().toSecondOfDay();
    long length = rep.workLength().toSeconds();
    long second;
    do {
      second = start + (long) dice.between(0.0, length);
    } while (second >= LUNCH_START && second < LUNCH_END);
    return date.atStartOfDay(rep.zone()).plusSeconds(second).toInstant();
  }

  /** The local date of an instant for this rep. */
  static LocalDate localDate(RepProfile rep, Instant at) {
    return at.atZone(rep.zone()).toLocalDate();
  }
}
