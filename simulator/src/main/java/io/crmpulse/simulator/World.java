package io.crmpulse.simulator;

import io.crmpulse.events.CrmEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What every part of the simulation shares: chance, the clock, ids and the outbox. */
final class World {
  final SimulationOptions options;
  final Dice dice;
  final EventFactory events;
  final Agenda agenda;
  final DeliveryQueue outbox;
  final List<RepDesk> desks = new ArrayList<>();

  World(SimulationOptions options, Instant start) {
    this.options = options;
    this.dice = new Dice(options.seed());
    this.events = new EventFactory(options.seed(), options.source());
    this.agenda = new Agenda(start);
    this.outbox = new DeliveryQueue(dice, options.maxDisorder());
  }

  void emit(CrmEvent event) {
    outbox.offer(event);
  }

  /** A whole number of seconds, at least one: event times stay on the second. */
  static Duration seconds(double seconds) {
    return Duration.ofSeconds(Math.max(1, Math.round(seconds)));
  }

  static Duration days(double days) {
    return seconds(days * 86_400);
  }
}
