package io.crmpulse.jobs.io;

import io.crmpulse.contract.AvroWire;
import io.crmpulse.contract.Topics;
import io.crmpulse.jobs.metrics.SeriesUpdate;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A series update as a record of the compacted snapshot topic; a removal is a tombstone. */
public class SnapshotSerializer implements KafkaRecordSerializationSchema<SeriesUpdate> {
  private static final long serialVersionUID = 1L;

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      SeriesUpdate update, KafkaSinkContext context, Long timestamp) {
    byte[] value = update.isRemoval() ? null : AvroWire.encode(update.snapshot);
    return new ProducerRecord<>(Topics.METRICS, update.key.getBytes(StandardCharsets.UTF_8), value);
  }
}
