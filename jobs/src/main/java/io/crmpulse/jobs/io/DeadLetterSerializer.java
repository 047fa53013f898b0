package io.crmpulse.jobs.io;

import io.crmpulse.contract.AvroWire;
import io.crmpulse.contract.Topics;
import io.crmpulse.events.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A dead letter as a record of the dead-letter topic, keyed by the record's origin. It names its
 * topic up front, which the transactional sink's pooled transaction ids need.
 */
public class DeadLetterSerializer
    implements KafkaRecordSerializationSchema<DeadLetter>, KafkaDatasetFacetProvider {
  private static final long serialVersionUID = 1L;

  @Override
  public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
    return Optional.of(new DefaultKafkaDatasetFacet(
        DefaultKafkaDatasetIdentifier.ofTopics(List.of(Topics.DEAD_LETTER))));
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      DeadLetter letter, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(Topics.DEAD_LETTER,
        letter.getOrigin().getBytes(StandardCharsets.UTF_8), AvroWire.encode(letter));
  }
}
