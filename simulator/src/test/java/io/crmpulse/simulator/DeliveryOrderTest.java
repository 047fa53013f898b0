package io.crmpulse.simulator;

import static io.crmpulse.simulator.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.events.CrmEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A consumer allowing one hour of lateness sees every event in time. */
class DeliveryOrderTest {
  /** How far behind the newest event time seen so far the most belated event arrives. */
  static Duration worstLateness(List<CrmEvent> events) {
    Instant newest = Instant.MIN;
    Duration worst = Duration.ZERO;
    for (CrmEvent event : events) {
      if (event.getEventTime().isBefore(newest)) {
        Duration behind = Duration.between(event.getEventTime(), newest);
        worst = behind.compareTo(worst) > 0 ? behind : worst;
      } else {
        newest = event.getEventTime();
      }
    }
    return worst;
  }

  @Test
  void disorderExistsButStaysWithinTheBound() {
    Duration worst = worstLateness(Fixtures.twoWeeks());
    assertThat(worst).isPositive();
    assertThat(worst).isLessThanOrEqualTo(SimulationOptions.DEFAULT_MAX_DISORDER);
    assertThat(worst).isLessThan(Duration.ofHours(1));
  }

  @Test
  void aSmallerBoundIsHonoured() {
    SimulationOptions options =
        SimulationOptions.defaults(11, T0).withMaxDisorder(Duration.ofMinutes(2));
    assertThat(worstLateness(Fixtures.first(options, 10_000)))
        .isPositive()
        .isLessThanOrEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void withoutDisorderTheStreamIsInEventTimeOrder() {
    SimulationOptions options = SimulationOptions.defaults(11, T0).withMaxDisorder(Duration.ZERO);
    assertThat(worstLateness(Fixtures.first(options, 10_000))).isZero();
  }

  @Test
  void deliveryInstantsNeverDecreaseAndNeverPrecedeEventTime() {
    Simulation simulation = new Simulation(SimulationOptions.defaults(5, T0));
    Instant previous = Instant.MIN;
    for (int i = 0; i < 10_000; i++) {
      Delivery delivery = simulation.nextDelivery();
      assertThat(delivery.at()).isAfterOrEqualTo(previous);
      assertThat(delivery.at()).isAfterOrEqualTo(delivery.event().getEventTime());
      assertThat(Duration.between(delivery.event().getEventTime(), delivery.at()))
          .isLessThanOrEqualTo(SimulationOptions.DEFAULT_MAX_DISORDER);
      previous = delivery.at();
    }
  }
}
