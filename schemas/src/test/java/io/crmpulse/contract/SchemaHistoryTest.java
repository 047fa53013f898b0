package io.crmpulse.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.DeadLetter;
import io.crmpulse.events.DealAlert;
import io.crmpulse.events.MetricSnapshot;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Schemas evolve BACKWARD and FORWARD compatibly, and every released version stays in
 * src/main/resources/history: changing a schema means adding its next version there.
 *
 * <p>One exception is allowed: a new {@link io.crmpulse.events.EntityType} symbol. Its events
 * travel on a topic of their own that older jobs do not read, and an entity without a reader
 * cannot be routed anyway (the enum has no fallback on purpose).
 */
class SchemaHistoryTest {
  static List<Schema> current() {
    return List.of(CrmEvent.getClassSchema(), MetricSnapshot.getClassSchema(),
        DeadLetter.getClassSchema(), DealAlert.getClassSchema());
  }

  @ParameterizedTest
  @MethodSource("current")
  void newestReleasedVersionIsTheCurrentSchema(Schema schema) {
    List<Schema> history = AvroWire.history(schema.getName());
    assertThat(history).isNotEmpty();
    assertThat(history.get(history.size() - 1)).isEqualTo(schema);
  }

  @ParameterizedTest
  @MethodSource("current")
  void everyReleasedVersionReadsAndIsReadByTheCurrentOne(Schema schema) {
    for (Schema old : AvroWire.history(schema.getName())) {
      assertThat(SchemaCompatibility.checkReaderWriterCompatibility(schema, old).getType())
          .as("current reads %s", old).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
      assertThat(SchemaCompatibility.checkReaderWriterCompatibility(old, schema).getResult()
              .getIncompatibilities())
          .as("%s reads current", old)
          .allSatisfy(incompatibility -> {
            assertThat(incompatibility.getType()).isEqualTo(SchemaIncompatibilityType.MISSING_ENUM_SYMBOLS);
            assertThat(incompatibility.getLocation()).isEqualTo("/fields/3/type/symbols");
          });
    }
  }

  @org.junit.jupiter.api.Test
  void wireFormatRoundTripsAndCarriesTheFingerprint() throws Exception {
    CrmEvent event = TestEvents.call("a1", "r1", io.crmpulse.events.Outcome.CONNECTED,
        TestEvents.T0, TestEvents.T0);
    byte[] bytes = AvroWire.encode(event);
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(AvroWire.<CrmEvent>decoder(CrmEvent.getClassSchema()).decode(bytes)).isEqualTo(event);
  }
}
