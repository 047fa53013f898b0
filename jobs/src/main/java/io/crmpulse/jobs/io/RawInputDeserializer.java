package io.crmpulse.jobs.io;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Passes Kafka records on undecoded, with topic, partition and offset: decoding happens in
 * {@link EventDecoder}, where a bad record can go to the dead-letter output instead of failing
 * the source.
 */
public class RawInputDeserializer implements KafkaRecordDeserializationSchema<RawInput> {
  private static final long serialVersionUID = 1L;

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawInput> out) {
    out.collect(new RawInput(record.topic(), record.partition(), record.offset(), false, record.value()));
  }

  @Override
  public TypeInformation<RawInput> getProducedType() {
    return TypeInformation.of(RawInput.class);
  }
}
