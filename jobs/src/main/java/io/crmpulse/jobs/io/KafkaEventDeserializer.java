package io.crmpulse.jobs.io;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes in the Kafka source, so that the source's per-partition watermarks see each event's
 * time: a topic read ahead of another (at start, on a backlog) then cannot make the other's events
 * look late. A bad record becomes a rejection, never a failed source.
 */
public class KafkaEventDeserializer implements KafkaRecordDeserializationSchema<Decoded> {
  private static final long serialVersionUID = 1L;

  private final EventDecoding decoding = new EventDecoding();

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Decoded> out) {
    out.collect(decoding.decode(
        new RawInput(record.topic(), record.partition(), record.offset(), false, record.value())));
  }

  @Override
  public TypeInformation<Decoded> getProducedType() {
    return TypeInformation.of(Decoded.class);
  }
}
