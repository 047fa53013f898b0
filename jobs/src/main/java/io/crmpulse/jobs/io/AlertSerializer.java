package io.crmpulse.jobs.io;

import io.crmpulse.contract.AvroWire;
import io.crmpulse.contract.Topics;
import io.crmpulse.events.DealAlert;
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
 * A deal alert transition as a record of the compacted alert topic, keyed by alert id so that the
 * latest transition of every episode stays. It names its topic up front, which the transactional
 * sink's pooled transaction ids need.
 */
public class AlertSerializer
    implements KafkaRecordSerializationSchema<DealAlert>, KafkaDatasetFacetProvider {
  private static final long serialVersionUID = 1L;

  @Override
  public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
    return Optional.of(new DefaultKafkaDatasetFacet(
        DefaultKafkaDatasetIdentifier.ofTopics(List.of(Topics.ALERTS))));
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      DealAlert alert, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(Topics.ALERTS, null, alert.getAt().toEpochMilli(),
        alert.getAlertId().getBytes(StandardCharsets.UTF_8), AvroWire.encode(alert));
  }
}
