package io.crmpulse.simulator;

import static io.crmpulse.simulator.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.contract.EventJson;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationDeterminismTest {
  private static String jsonl(SimulationOptions options, int count) throws IOException {
    StringWriter out = new StringWriter();
    JsonlExport.write(options, count, out);
    return out.toString();
  }

  @Test
  void sameSeedAndOptionsGiveTheSameBytes() throws IOException {
    SimulationOptions options = SimulationOptions.defaults(42, T0);
    String first = jsonl(options, 8_000);
    String second = jsonl(options, 8_000);
    assertThat(second).isEqualTo(first);
    assertThat(first.lines()).hasSize(8_000);
  }

  @Test
  void differentSeedsGiveDifferentStreams() throws IOException {
    assertThat(jsonl(SimulationOptions.defaults(1, T0), 2_000))
        .isNotEqualTo(jsonl(SimulationOptions.defaults(2, T0), 2_000));
  }

  @Test
  void otherOptionsChangeTheStream() throws IOException {
    SimulationOptions base = SimulationOptions.defaults(42, T0);
    String reference = jsonl(base, 2_000);
    assertThat(jsonl(base.withStart(T0.plusSeconds(3600)), 2_000)).isNotEqualTo(reference);
    assertThat(jsonl(base.withReps(5), 2_000)).isNotEqualTo(reference);
  }

  @Test
  void eventIdsCarryTheSeed() {
    List<String> lines =
        Fixtures.first(SimulationOptions.defaults(-5, T0), 50).stream()
            .map(EventJson::write)
            .toList();
    assertThat(lines).allMatch(line -> line.contains("\"event_id\":\"sim--5-"));
  }

  @Test
  void theStreamGoesOnDayAfterDay() {
    Simulation simulation = new Simulation(SimulationOptions.defaults(3, T0).withReps(2));
    java.time.Instant last = null;
    for (int i = 0; i < 20_000; i++) {
      last = simulation.next().getEventTime();
    }
    assertThat(simulation.hasNext()).isTrue();
    assertThat(simulation.delivered()).isEqualTo(20_000);
    assertThat(last).isAfter(T0.plus(java.time.Duration.ofDays(14)));
  }
}
