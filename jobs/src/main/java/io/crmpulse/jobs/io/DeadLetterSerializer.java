package io.crmpulse.jobs.io;

import io.crmpulse.contract.AvroWire;
import io.crmpulse.contract.Topics;
import io.crmpulse.events.DeadLetter;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A dead letter as a record of the dead-letter topic, keyed by the record's origin. */
public class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
  private static final long serialVersionUID = 1L;

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      DeadLetter letter, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(Topics.DEAD_LETTER,
        letter.getOrigin().getBytes(StandardCharsets.UTF_8), AvroWire.encode(letter));
  }
}
