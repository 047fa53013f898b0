package io.crmpulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.contract.AvroWire;
import io.crmpulse.contract.EventValidator;
import io.crmpulse.contract.Topics;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.kafka.CrmTopics;
import io.crmpulse.kafka.EmbeddedKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The live feed against a real broker: topics, keys and Avro values as the job reads them. */
class LiveFeedIT {
  private static final int EVENTS = 600;

  @Test
  void sendsDecodableEventsToTheEntityTopics() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.startInTempDir(0)) {
      CrmTopics.createAll(kafka, 2);
      LiveFeed.Settings settings =
          new LiveFeed.Settings(21, 1.0, 15, 12, Duration.ofHours(1), Duration.ZERO, EVENTS);
      try (LiveFeed feed = LiveFeed.start(kafka.bootstrapServers(), settings)) {
        assertThat(feed.awaitStopped(Duration.ofSeconds(60))).isTrue();
        assertThat(feed.failure()).isEmpty();
      }

      List<ConsumerRecord<String, byte[]>> records = consumeAll(kafka.bootstrapServers());
      assertThat(records).hasSize(EVENTS);
      BinaryMessageDecoder<CrmEvent> decoder = AvroWire.decoder(CrmEvent.getClassSchema());
      Instant now = Instant.now();
      for (ConsumerRecord<String, byte[]> record : records) {
        CrmEvent event = decoder.decode(record.value());
        assertThat(EventValidator.check(event)).isEmpty();
        assertThat(record.topic()).isEqualTo(Topics.forEntity(event.getEntity()));
        assertThat(record.key()).isEqualTo(EventValidator.recordId(event));
        assertThat(event.getEventTime()).isBeforeOrEqualTo(now);
      }
      Set<String> topics = records.stream().map(ConsumerRecord::topic).collect(Collectors.toSet());
      assertThat(topics).contains(Topics.REPS, Topics.ACTIVITIES, Topics.OPPORTUNITIES);
    }
  }

  private static List<ConsumerRecord<String, byte[]>> consumeAll(String bootstrapServers) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG, "live-feed-it",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(Topics.INPUTS);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (records.size() < EVENTS && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
