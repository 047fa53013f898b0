package io.crmpulse.simulator;

import io.crmpulse.events.CrmEvent;
import java.time.Instant;

/**
 * An event and the simulated instant it reaches the consumer: its event time, or up to the
 * simulation's {@code maxDisorder} later for an event that arrives out of order or a second time.
 */
public record Delivery(CrmEvent event, Instant at) {}
