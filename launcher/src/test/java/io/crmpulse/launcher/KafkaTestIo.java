package io.crmpulse.launcher;

import io.crmpulse.contract.AvroWire;
import io.crmpulse.contract.EventJson;
import io.crmpulse.contract.EventValidator;
import io.crmpulse.contract.Metric;
import io.crmpulse.contract.Topics;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.exporter.Exporter;
import io.crmpulse.kafka.EmbeddedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Talking to the real broker and exporter in integration tests. */
final class KafkaTestIo {
  private KafkaTestIo() {}

  static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
    Map<String, Object> props = kafka.clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Sends each line as the contract's Avro event, keyed by record id, to its entity's topic. */
  static void produce(KafkaProducer<byte[], byte[]> producer, List<String> lines) throws Exception {
    for (String line : lines) {
      CrmEvent event = EventJson.parse(line);
      String id = EventValidator.recordId(event);
      producer.send(new ProducerRecord<>(Topics.forEntity(event.getEntity()),
          id.getBytes(StandardCharsets.UTF_8), AvroWire.encode(event))).get();
    }
  }

  /** The business series the exporter serves now, as series text to value. */
  static Map<String, Double> businessSeries(Exporter exporter) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + exporter.port() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    Map<String, Double> business = new HashMap<>();
    ReferenceMetrics.parseExposition(response.body()).forEach((series, value) -> {
      String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
      if (Metric.bySeriesName(name).isPresent()) {
        business.put(series, value);
      }
    });
    return business;
  }

  /** Everything committed on {@code topic} that shows up within {@code patience}, decoded. */
  static <T> List<T> readAll(EmbeddedKafka kafka, String topic, Function<byte[], T> decode,
      Duration patience) {
    Map<String, Object> props = kafka.clientProperties();
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<T> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + patience.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          records.add(decode.apply(record.value()));
        }
      }
    }
    return records;
  }
}
