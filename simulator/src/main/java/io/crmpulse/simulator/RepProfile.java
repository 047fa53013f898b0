package io.crmpulse.simulator;

import io.crmpulse.events.Rep;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * A simulated rep: what the CRM knows ({@link #toRecord()}) and the habits that shape their day.
 *
 * @param dailyCallTarget outbound calls per realistic day the rep aims for (at rate 1; {@link
 *     #callTarget(double)} scales it)
 * @param workStart local time the working day starts
 * @param workLength how long it lasts, lunch included
 * @param quitter gives up on most leads after one unanswered touch (48% of reps, per the seeds)
 * @param fieldSales meets customers on site (visits) as often as on video (meetings)
 * @param lateLogging share of calls logged minutes to hours after they happened
 */
record RepProfile(
    String id,
    String name,
    String team,
    ZoneId zone,
    String currency,
    int dailyCallTarget,
    LocalTime workStart,
    Duration workLength,
    boolean quitter,
    boolean fieldSales,
    double lateLogging) {

  /** The daily call target at an activity rate: the realistic one scaled, to the whole call. */
  int callTarget(double rate) {
    return (int) Math.round(dailyCallTarget * rate);
  }

  /** The CRM's record of the rep, with the call target at the given rate. */
  Rep toRecord(double rate) {
    return Rep.newBuilder()
        .setId(id)
        .setName(name)
        .setTeam(team)
        .setTimeZone(zone.getId())
        .setDailyCallTarget(callTarget(rate))
        .setActive(true)
        .build();
  }
}
