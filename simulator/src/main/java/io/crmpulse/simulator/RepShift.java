package io.crmpulse.simulator;

import io.crmpulse.events.ChangeType;
import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

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
    Instant at =
        next(
            from,
            rate -> {
              double perDay = rep.callTarget(rate) * ACTIONS_PER_TARGET_CALL;
              return rep.workLength().toSeconds() / Math.max(1.0, perDay);
            },
            candidate -> WorkingHours.intensity(rep, candidate, world.options));
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
    Instant at =
        next(
            from,
            // Busy hours plus the night trickle make up about 10.6 full-rate hours a day.
            rate -> 10.6 * 3600 / (INBOUND_LEADS_PER_DAY * rate),
            candidate ->
                Math.max(NIGHT_LEADS, WorkingHours.intensity(desk.rep, candidate, world.options)));
    world.agenda.at(
        at,
        () -> {
          leads.arrive(desk, world.agenda.now());
          scheduleArrival(desk, world.agenda.now());
        });
  }

  /**
   * The next instant after {@code from} of a Poisson process thinned by {@code chance}: gaps with
   * the mean {@code meanGap} gives for the rate in force, each candidate kept with its chance. A
   * gap that would run past a change of tempo is cut there and drawn afresh at the new rate
   * (waiting is memoryless, so the process stays exact across the change).
   */
  private Instant next(
      Instant from, DoubleUnaryOperator meanGap, ToDoubleFunction<Instant> chance) {
    Instant at = from;
    while (true) {
      double mean = meanGap.applyAsDouble(world.options.tempoAt(at).rate());
      Instant candidate = at.plus(World.seconds(world.dice.exponential(mean)));
      Instant change = world.options.tempoChangeAfter(at);
      if (change != null && !candidate.isBefore(change)) {
        at = change;
        continue;
      }
      at = candidate;
      if (world.dice.chance(chance.applyAsDouble(at))) {
        return at;
      }
    }
  }

  /**
   * The rate changes from {@code before} at {@code at}: each rep whose call target changes with it
   * gets a new version of their record, so that "against target" means the pace they now work at.
   */
  void retarget(double before, Instant at) {
    double rate = world.options.tempoAt(at).rate();
    for (RepDesk desk : world.desks) {
      if (desk.rep.callTarget(rate) != desk.rep.callTarget(before)) {
        world.emit(world.events.rep(at, ChangeType.UPDATED, desk.rep.toRecord(rate)));
      }
    }
  }
}
