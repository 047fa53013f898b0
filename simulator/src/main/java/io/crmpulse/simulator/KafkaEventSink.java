package io.crmpulse.simulator;

import io.crmpulse.contract.AvroWire;
import io.crmpulse.contract.EventValidator;
import io.crmpulse.contract.Topics;
import io.crmpulse.events.CrmEvent;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends events to their entity's topic ({@link Topics#forEntity}), keyed by the record id so all
 * versions of a record stay in one partition, in order, with the Avro single-object encoding of
 * {@link AvroWire} as the value. Owns the producer and closes it.
 */
public final class KafkaEventSink implements EventSink {
  private final Producer<String, byte[]> producer;
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  public KafkaEventSink(Producer<String, byte[]> producer) {
    this.producer = producer;
  }

  /** A sink with a new idempotent producer for the given bootstrap servers. */
  public static KafkaEventSink connect(String bootstrapServers) {
    return new KafkaEventSink(
        new KafkaProducer<>(
            producerConfig(bootstrapServers), new StringSerializer(), new ByteArraySerializer()));
  }

  /** Producer settings: every event acknowledged by all replicas, no duplicates on retry. */
  public static Properties producerConfig(String bootstrapServers) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "crmpulse-simulator");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return config;
  }

  /** The Kafka record an event becomes. */
  public static ProducerRecord<String, byte[]> record(CrmEvent event) {
    Object record = EventValidator.recordOf(event);
    String key = record == null ? event.getEventId() : EventValidator.recordId(event);
    return new ProducerRecord<>(
        Topics.forEntity(event.getEntity()),
        null,
        event.getEventTime().toEpochMilli(),
        key,
        AvroWire.encode(event));
  }


  @Override
  public void send(CrmEvent event) {
    Exception earlier = failure.get();
    if (earlier != null) {
      throw new IllegalStateException("sending to Kafka failed: " + earlier.getMessage(), earlier);
    }
    producer.send(
        record(event),
        (metadata, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          }
        });
  }

  @Override
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
