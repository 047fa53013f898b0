package io.crmpulse.simulator;

import io.crmpulse.events.Rep;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * A simulated rep: what the CRM knows ({@link #toRecord()}) and the habits that shape their day.
 *
 * @param dailyCallTarget outbound calls per day the rep aims for (already scaled by the rate)
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

  Rep toRecord() {
    return Rep.newBuilder()
        .setId(id)
        .setName(name)
        .setTeam(team)
        .setTimeZone(zone.getId())
        .setDailyCallTarget(dailyCallTarget)
        .setActive(true)
        .build();
  }
}
