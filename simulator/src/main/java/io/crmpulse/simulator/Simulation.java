package io.crmpulse.simulator;

import io.crmpulse.events.CrmEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A simulated CRM, day after day, as the stream of change events a connector would deliver. Seeded
 * and deterministic: the same options give the same events, byte for byte.
 *
 * <p>First come the reps, then the backlog the CRM already holds (older leads, open deals created
 * weeks earlier, recently closed deals) with their original event times, then any {@link
 * SimulationOptions#history()} at the realistic tempo, then the live part from {@link
 * SimulationOptions#start()} on, at the options' tempo, without end. One simulation runs through
 * both: the same reps, leads and deals go on across the change of tempo. Reps in several time
 * zones call, email and meet during their local working hours; most calls do not connect and many
 * are logged minutes to hours after they happened; leads need several touches; deals move through
 * stages, stall, get neglected, now and then have their alert snoozed by the owner or the team's
 * manager, are won or lost. Entries are sometimes corrected ({@code updated}), deleted, or
 * delivered twice, and a few events arrive up to {@link SimulationOptions#maxDisorder()} after
 * later ones: the stream is otherwise in event-time order.
 *
 * <p>Not thread-safe; one consumer iterates.
 */
public final class Simulation implements Iterator<CrmEvent> {
  private final SimulationOptions options;
  private final World world;
  private long delivered;

  public Simulation(SimulationOptions options) {
    this.options = options;
    Instant start = options.start().truncatedTo(ChronoUnit.SECONDS);
    Instant begin = start.minus(options.history());
    this.world = new World(options, begin);
    for (RepProfile rep : Roster.hire(options, world.dice)) {
      world.desks.add(new RepDesk(rep));
    }
    Logbook logbook = new Logbook(world);
    Snoozes snoozes = new Snoozes(world);
    DealWork deals = new DealWork(world, logbook);
    LeadWork leads = new LeadWork(world, logbook, deals);
    new Backlog(world, logbook, leads, snoozes).build(begin, start);
    RepShift shift = new RepShift(world, leads, deals);
    for (RepDesk desk : world.desks) {
      shift.begin(desk);
      snoozes.begin(desk);
    }
    Instant change = options.tempoChangeAfter(begin);
    if (change != null) {
      double before = options.tempoAt(begin).rate();
      world.agenda.at(change, () -> shift.retarget(before, change));
    }
  }

  /** The events of a fresh simulation, as an endless stream. */
  public static Stream<CrmEvent> stream(SimulationOptions options) {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(
            new Simulation(options), Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  public SimulationOptions options() {
    return options;
  }

  /** How many events have been delivered so far. */
  public long delivered() {
    return delivered;
  }

  /** Always true: the simulation never ends. */
  @Override
  public boolean hasNext() {
    return true;
  }

  @Override
  public CrmEvent next() {
    return nextDelivery().event();
  }

  /** The next event with the simulated instant it is delivered (for pacing a live feed). */
  public Delivery nextDelivery() {
    while (!world.outbox.readyBefore(world.agenda.nextTime())) {
      world.agenda.runNext();
    }
    delivered++;
    return world.outbox.poll();
  }
}
