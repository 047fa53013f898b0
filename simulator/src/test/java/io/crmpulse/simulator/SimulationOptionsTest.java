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
  }
}
