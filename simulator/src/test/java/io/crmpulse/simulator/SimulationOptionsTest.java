package io.crmpulse.simulator;

import static io.crmpulse.simulator.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SimulationOptionsTest {
  @Test
  void defaultsAreARealisticDay() {
    SimulationOptions options = SimulationOptions.defaults(1, T0);
    assertThat(options.reps()).isEqualTo(12);
    assertThat(options.rate()).isEqualTo(1.0);
    assertThat(options.maxDisorder()).isEqualTo(Duration.ofMinutes(10));
    assertThat(options.source()).isEqualTo("demo");
  }

  @Test
  void badValuesSayWhatIsWrong() {
    SimulationOptions options = SimulationOptions.defaults(1, T0);
    assertThatThrownBy(() -> options.withReps(0)).hasMessageContaining("reps must be between 1");
    assertThatThrownBy(() -> options.withRate(0)).hasMessageContaining("rate must be above 0");
    assertThatThrownBy(() -> options.withMaxDisorder(Duration.ofHours(1)))
        .hasMessageContaining("maxDisorder");
    assertThatThrownBy(() -> options.withWeekendFactor(2)).hasMessageContaining("weekendFactor");
    assertThatThrownBy(() -> options.withStart(Instant.parse("1999-12-31T00:00:00Z")))
        .hasMessageContaining("start must be after");
    assertThatThrownBy(() -> options.withHistory(Duration.ofDays(63)))
        .hasMessageContaining("history must be whole seconds between 0 and 62 days");
    assertThatThrownBy(() -> options.withHistory(Duration.ofDays(-1)))
        .hasMessageContaining("history must be whole seconds between 0 and 62 days");
    assertThatThrownBy(() -> options.withHistory(Duration.ofMillis(1500)))
        .hasMessageContaining("history must be whole seconds");
    assertThatThrownBy(
            () ->
                options
                    .withStart(Instant.parse("2001-01-10T00:00:00Z"))
                    .withHistory(Duration.ofDays(14)))
        .hasMessageContaining("start minus history must be after 2001-01-01");
  }

  @Test
  void theHistoryIsRealisticAndTheOptionsTempoTakesOverAtTheStart() {
    SimulationOptions demo =
        SimulationOptions.defaults(1, T0)
            .withRate(15)
            .withWeekendFactor(1)
            .withOffHoursFactor(0.25)
            .withHistory(Duration.ofDays(14));
    SimulationOptions.Tempo tempo = new SimulationOptions.Tempo(15, 1, 0.25);
    assertThat(demo.tempo()).isEqualTo(tempo);
    assertThat(demo.tempoAt(T0.minus(Duration.ofDays(14))))
        .isEqualTo(SimulationOptions.Tempo.REALISTIC)
        .isEqualTo(SimulationOptions.defaults(1, T0).tempo());
    assertThat(demo.tempoAt(T0.minusSeconds(1))).isEqualTo(SimulationOptions.Tempo.REALISTIC);
    assertThat(demo.tempoAt(T0)).isEqualTo(tempo);
    assertThat(demo.tempoChangeAfter(T0.minus(Duration.ofDays(3)))).isEqualTo(T0);
    assertThat(demo.tempoChangeAfter(T0)).isNull();
    // Without a history, or with one at the same tempo, nothing ever changes.
    assertThat(demo.withHistory(Duration.ZERO).tempoAt(T0.minusSeconds(1))).isEqualTo(tempo);
    assertThat(demo.withHistory(Duration.ZERO).tempoChangeAfter(T0.minusSeconds(1))).isNull();
    SimulationOptions realistic = SimulationOptions.defaults(1, T0).withHistory(Duration.ofDays(1));
    assertThat(realistic.tempoChangeAfter(T0.minusSeconds(1))).isNull();
  }
}
