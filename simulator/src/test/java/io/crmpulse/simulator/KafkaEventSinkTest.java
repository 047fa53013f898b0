package io.crmpulse.simulator;

import static io.crmpulse.simulator.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.contract.EventValidator;
import io.crmpulse.contract.AvroWire;
import io.crmpulse.contract.Topics;
import io.crmpulse.events.CrmEvent;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The Kafka side of the live feed, with Kafka's own in-memory producer (not a mock library). */
class KafkaEventSinkTest {
  @Test
  void sendsEachEventToItsEntityTopicKeyedByRecordId() throws IOException {
    MockProducer<String, byte[]> producer =
        new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    List<CrmEvent> events = Fixtures.first(SimulationOptions.defaults(8, T0), 3_000);
    try (KafkaEventSink sink = new KafkaEventSink(producer)) {
      events.forEach(sink::send);
      sink.flush();
    }
    assertThat(producer.closed()).isTrue();
    List<ProducerRecord<String, byte[]>> records = producer.history();
    assertThat(records).hasSize(events.size());
    BinaryMessageDecoder<CrmEvent> decoder = AvroWire.decoder(CrmEvent.getClassSchema());
    for (int i = 0; i < events.size(); i++) {
      CrmEvent event = events.get(i);
      ProducerRecord<String, byte[]> record = records.get(i);
      assertThat(record.topic()).isEqualTo(Topics.forEntity(event.getEntity()));
      assertThat(record.key()).isEqualTo(EventValidator.recordId(event));
      assertThat(record.timestamp()).isEqualTo(event.getEventTime().toEpochMilli());
      assertThat(decoder.decode(record.value())).isEqualTo(event);
    }
    Set<String> topics = records.stream().map(ProducerRecord::topic).collect(Collectors.toSet());
    assertThat(topics).containsExactlyInAnyOrderElementsOf(Topics.INPUTS);
  }
}
