package io.crmpulse.simulator;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Hires the sales floor: reps seated round the teams and time zones of {@link Catalog#SEATS}. */
final class Roster {
  private Roster() {}

  /** The reps, with realistic call targets (the rate in force scales them, see RepShift). */
  static List<RepProfile> hire(SimulationOptions options, Dice dice) {
    List<RepProfile> reps = new ArrayList<>(options.reps());
    String idFormat = options.reps() < 100 ? "rep-%02d" : "rep-%03d";
    for (int i = 0; i < options.reps(); i++) {
      Catalog.Seat seat = Catalog.SEATS.get(i % Catalog.SEATS.size());
      String name = Catalog.REP_NAMES.get(i % Catalog.REP_NAMES.size());
      if (i >= Catalog.REP_NAMES.size()) {
        name = name + " " + (i / Catalog.REP_NAMES.size() + 1);
      }
      int target = 40 + 5 * dice.between(0, 8);
      reps.add(
          new RepProfile(
              String.format(idFormat, i + 1),
              name,
              seat.team(),
              ZoneId.of(seat.zone()),
              seat.currency(),
              target,
              LocalTime.of(7, 30).plusMinutes(30L * dice.between(0, 3)),
              Duration.ofMinutes(510 + 15L * dice.between(0, 4)),
              dice.chance(0.48),
              dice.chance(0.3),
              dice.between(0.15, 0.5)));
    }
    return reps;
  }
}
