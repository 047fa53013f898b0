package io.crmpulse.exporter;

import static io.crmpulse.exporter.Snapshots.NEXT_DAY;
import static io.crmpulse.exporter.Snapshots.T0;
import static io.crmpulse.exporter.Snapshots.T0_DAY;
import static io.crmpulse.exporter.Snapshots.callsToday;
import static io.crmpulse.exporter.Snapshots.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crmpulse.contract.AvroWire;
import io.crmpulse.kafka.EmbeddedKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exporter against a real KRaft broker: compacted topic in, /metrics over HTTP out. */
class ExporterIT {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final AtomicInteger TOPICS = new AtomicInteger();
  private static EmbeddedKafka kafka;

  private final HttpClient http = HttpClient.newHttpClient();
  private final MovableClock clock = new MovableClock(T0);
  private String topic;
  private Producer<String, byte[]> producer;
  private Exporter exporter;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.startInTempDir(0);
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @BeforeEach
  void topicAndProducer() {
    // A topic per test: each test reads its own history from offset 0.
    topic = "crmpulse.metrics.it" + TOPICS.incrementAndGet();
    kafka.createTopic(topic, 2, true);
    producer = newProducer(Map.of());
  }

  @AfterEach
  void stop() {
    if (exporter != null) {
      exporter.close();
    }
    producer.close();
  }

  @Test
  void servesTheLatestSnapshotOfEverySeriesAndDropsTombstonedOnes() throws Exception {
    Snapshots deals =
        series("crmpulse_open_deals").label("rep", "r1").label("stage", "demo").value(2);
    send(callsToday("r1", "a", T0_DAY).value(2).version(1));
    send(callsToday("r1", "a", T0_DAY).value(3).version(2));
    send(callsToday("r2", "b", T0_DAY).value(5).version(1));
    send(deals);
    sendTombstone(deals.key());

    exporter = startExporter();

    String body = awaitCaughtUp();
    assertThat(businessPart(body))
        .isEqualTo(
            """
            # HELP crmpulse_calls_today Completed outbound calls whose occurred_at falls on the rep's local today.
            # TYPE crmpulse_calls_today gauge
            crmpulse_calls_today{rep="r1",team="a"} 3.0
            crmpulse_calls_today{rep="r2",team="b"} 5.0
            """);
    assertThat(body)
        .contains("crmpulse_exporter_series{state=\"held\"} 2.0\n")
        .contains("crmpulse_exporter_snapshots_total{outcome=\"removed\"} 1.0\n");
  }

  @Test
  void followsNewSnapshotsWhileRunning() throws Exception {
    exporter = startExporter();
    awaitCaughtUp();

    send(callsToday("r1", "a", T0_DAY).value(1).version(1));
    awaitMetrics(body -> body.contains("crmpulse_calls_today{rep=\"r1\",team=\"a\"} 1.0\n"));

    send(callsToday("r1", "a", T0_DAY).value(2).version(2));
    awaitMetrics(body -> body.contains("crmpulse_calls_today{rep=\"r1\",team=\"a\"} 2.0\n"));
  }

  @Test
  void aRestartRereadsTheTopicAndNeverGoesBackwards() throws Exception {
    send(callsToday("r1", "a", T0_DAY).value(4).version(10));
    send(callsToday("r2", "a", T0_DAY).value(1).version(10));
    exporter = startExporter();
    String before = businessPart(awaitCaughtUp());
    exporter.close();

    // While it was down: a replayed older write for r1 (lower version), a real update for r2,
    // and a record that is no snapshot at all.
    send(callsToday("r1", "a", T0_DAY).value(2).version(9));
    send(callsToday("r2", "a", T0_DAY).value(6).version(11));
    producer.send(new ProducerRecord<>(topic, "junk", new byte[] {0x7b, 0x7d})).get();

    exporter = startExporter();
    String after = awaitCaughtUp();

    assertThat(before).contains("crmpulse_calls_today{rep=\"r1\",team=\"a\"} 4.0\n");
    assertThat(after)
        .contains("crmpulse_calls_today{rep=\"r1\",team=\"a\"} 4.0\n")
        .contains("crmpulse_calls_today{rep=\"r2\",team=\"a\"} 6.0\n")
        .contains("crmpulse_exporter_rejected_snapshots_total 1.0\n");
  }

  @Test
  void todaySeriesLeaveAtTheRepsMidnightWithoutANewSnapshot() throws Exception {
    send(callsToday("r1", "a", T0_DAY).value(7));
    exporter = startExporter();
    assertThat(awaitCaughtUp()).contains("crmpulse_calls_today{rep=\"r1\",team=\"a\"} 7.0\n");

    clock.set(NEXT_DAY);

    assertThat(get()).doesNotContain("crmpulse_calls_today");
  }

  @Test
  void abortedTransactionsAreNeverServed() throws Exception {
    exporter = startExporter();
    awaitCaughtUp();
    try (Producer<String, byte[]> tx =
        newProducer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "exporter-it-" + topic))) {
      tx.initTransactions();
      tx.beginTransaction();
      tx.send(record(callsToday("r1", "a", T0_DAY).value(99).version(1))).get();
      tx.abortTransaction();
      tx.beginTransaction();
      tx.send(record(callsToday("r1", "a", T0_DAY).value(3).version(2))).get();
      tx.commitTransaction();
    }

    String body = awaitMetrics(b -> b.contains("crmpulse_calls_today{rep=\"r1\""));

    assertThat(body).contains("crmpulse_calls_today{rep=\"r1\",team=\"a\"} 3.0\n");
    assertThat(body).contains("crmpulse_exporter_snapshots_total{outcome=\"stored\"} 1.0\n");
  }

  private Exporter startExporter() {
    ExporterSettings settings =
        new ExporterSettings(kafka.bootstrapServers(), topic, "127.0.0.1", 0, Map.of());
    return Exporter.start(settings, clock);
  }

  private String awaitCaughtUp() {
    return awaitMetrics(body -> body.contains("crmpulse_exporter_caught_up 1.0\n"));
  }

  private String awaitMetrics(java.util.function.Predicate<String> condition) {
    return await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(100))
        .until(this::get, condition);
  }

  private String get() throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + exporter.port() + "/metrics");
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The business part of a scrape: everything before the first operational family. */
  private static String businessPart(String body) {
    int operational = body.indexOf("# HELP crmpulse_exporter_");
    return operational < 0 ? body : body.substring(0, operational);
  }

  private void send(Snapshots snapshot) throws ExecutionException, InterruptedException {
    producer.send(record(snapshot)).get();
  }

  private void sendTombstone(String key) throws ExecutionException, InterruptedException {
    producer.send(new ProducerRecord<>(topic, key, null)).get();
  }

  private ProducerRecord<String, byte[]> record(Snapshots snapshot) {
    return new ProducerRecord<>(topic, snapshot.key(), AvroWire.encode(snapshot.build()));
  }

  private Producer<String, byte[]> newProducer(Map<String, Object> extra) {
    Map<String, Object> props = kafka.clientProperties();
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.putAll(extra);
    return new KafkaProducer<>(props);
  }
}
