package io.crmpulse.exporter;

import static io.crmpulse.exporter.Snapshots.T0_DAY;
import static io.crmpulse.exporter.Snapshots.callsToday;
import static io.crmpulse.exporter.Snapshots.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmpulse.contract.AvroWire;
import io.crmpulse.events.MetricSnapshot;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SnapshotDecoderTest {
  private final SnapshotDecoder decoder = new SnapshotDecoder();

  @Test
  void decodesWhatTheJobWrites() throws Exception {
    MetricSnapshot written = callsToday("r1", "a", T0_DAY).value(3).version(7).build();

    assertThat(decoder.decode(AvroWire.encode(written))).isEqualTo(written);
  }

  @Test
  void rejectsBytesThatAreNotASnapshot() {
    assertThatThrownBy(() -> decoder.decode("{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(RejectedSnapshotException.class)
        .hasMessageContaining("not a MetricSnapshot");
  }

  @Test
  void rejectsNamesThePrometheusClientWouldChange() {
    byte[] renamed = AvroWire.encode(series("crmpulse_deals_won_total").label("rep", "r1").build());
    byte[] invalid = AvroWire.encode(series("crmpulse-calls").label("rep", "r1").build());

    assertThatThrownBy(() -> decoder.decode(renamed))
        .hasMessageContaining("reserved suffix _total");
    assertThatThrownBy(() -> decoder.decode(invalid)).hasMessageContaining("invalid series name");
  }

  @Test
  void rejectsInvalidLabelNames() {
    byte[] reserved = AvroWire.encode(series("crmpulse_x").label("__name__", "y").build());
    byte[] dashed = AvroWire.encode(series("crmpulse_x").label("sales-team", "y").build());

    assertThatThrownBy(() -> decoder.decode(reserved))
        .hasMessageContaining("invalid label name '__name__'");
    assertThatThrownBy(() -> decoder.decode(dashed)).hasMessageContaining("invalid label name");
  }

  @Test
  void rejectsAnEmptyPeriod() {
    byte[] empty = AvroWire.encode(series("crmpulse_x").period(T0_DAY, T0_DAY).build());

    assertThatThrownBy(() -> decoder.decode(empty)).hasMessageContaining("empty period");
  }
}
