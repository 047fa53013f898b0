package io.crmpulse.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * When reps act: each rep's turns and inbound leads arrive as Poisson processes thinned by the
 * rep's local working hours, so activity follows the sun round the time zones. A rep signs in
 * before the first action after a few hours away.
 */
final class RepShift {
  /** Actions per working day per target call: about 72% of a rep's actions are calls. */
  static final double ACTIONS_PER_TARGET_CALL = 1.0 / 0.72;

  static final double INBOUND_LEADS_PER_DAY = 4.0;

  /** Inbound leads keep arriving at night, from web forms in other time zones. */
  static final double NIGHT_LEADS = 0.15;

  private final World world;
  private final LeadWork leads;
  private final DealWork deals;

  RepShift(World world, LeadWork leads, DealWork deals) {
    this.world = world;
    this.leads = leads;
    this.deals = deals;
  }

  void begin(RepDesk desk) {
    scheduleTurn(desk, world.agenda.now());
    scheduleArrival(desk, world.agenda.now());
  }

  private void scheduleTurn(RepDesk desk, Instant from) {
    RepProfile rep = desk.rep;
    double perDay = rep.dailyCallTarget() * ACTIONS_PER_TARGET_CALL;
    double meanGap = rep.workLength().toSeconds() / Math.max(1.0, perDay);
    Instant at = from;
    do {
      at = at.plus(World.seconds(world.dice.exponential(meanGap)));
    } while (!world.dice.chance(WorkingHours.intensity(rep, at, world.options)));
    world.agenda.at(at, () -> turn(desk));
  }

  private void turn(RepDesk desk) {
    Instant at = world.agenda.now();
    if (desk.lastLogin == null || desk.lastLogin.isBefore(at.minus(Duration.ofHours(4)))) {
      world.emit(world.events.login(at, desk.rep.id()));
      desk.lastLogin = at;
      at = at.plus(World.seconds(world.dice.between(30, 180)));
    }
    if (world.dice.chance(deals.share(desk, at))) {
      deals.work(desk, at);
    } else {
      leads.work(desk, at);
    }
    scheduleTurn(desk, world.agenda.now());
  }

  private void scheduleArrival(RepDesk desk, Instant from) {
    double perDay = INBOUND_LEADS_PER_DAY * world.options.rate();
    // Busy hours plus the night trickle make up about 10.6 full-rate hours a day.
    double meanGap = 10.6 * 3600 / perDay;
    Instant at = from;
    double chance;
    do {
      at = at.plus(World.seconds(world.dice.exponential(meanGap)));
      chance = Math.max(NIGHT_LEADS, WorkingHours.intensity(desk.rep, at, world.options));
    } while (!world.dice.chance(chance));
    world.agenda.at(
        at,
        () -> {
          leads.arrive(desk, world.agenda.now());
          scheduleArrival(desk, world.agenda.now());
        });
  }
}
