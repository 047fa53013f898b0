package io.crmpulse.exporter;

import static io.crmpulse.exporter.Snapshots.T0;
import static io.crmpulse.exporter.Snapshots.T0_DAY;
import static io.crmpulse.exporter.Snapshots.callsToday;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crmpulse.contract.AvroWire;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The consumer loop against Kafka's own MockConsumer: no broker, same client contract. */
class SnapshotConsumerTest {
  private static final String TOPIC = "crmpulse.metrics";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

  private final SeriesStore store = new SeriesStore();
  private final OperationalMetrics metrics =
      new OperationalMetrics(store, Clock.fixed(T0, ZoneOffset.UTC));
  private final MockConsumer<String, byte[]> kafka = new MockConsumer<>("earliest");
  private SnapshotConsumer consumer;
  private Thread thread;

  @BeforeEach
  void topicWithOnePartition() {
    kafka.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
    kafka.updateBeginningOffsets(Map.of(P0, 0L));
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (consumer != null) {
      consumer.close();
      thread.join(5_000);
      assertThat(thread.isAlive()).isFalse();
    }
  }

  @Test
  void appliesSnapshotsAndTombstonesAndCatchesUp() {
    Snapshots r1 = callsToday("r1", "a", T0_DAY).value(3).version(2);
    Snapshots r2 = callsToday("r2", "a", T0_DAY).value(5).version(1);
    kafka.updateEndOffsets(Map.of(P0, 4L));
    start();

    kafka.schedulePollTask(
        () -> {
          kafka.addRecord(record(0, r1.key(), AvroWire.encode(r1.build())));
          kafka.addRecord(record(1, r2.key(), AvroWire.encode(r2.build())));
          kafka.addRecord(record(2, r1.key(), AvroWire.encode(r1.value(1).version(1).build())));
          kafka.addRecord(record(3, r2.key(), null));
        });

    await().atMost(Duration.ofSeconds(10)).until(metrics::caughtUp);
    assertThat(store.current(T0)).extracting(Series::value).containsExactly(3.0);
    assertThat(metrics.appliedCount(ApplyOutcome.STORED)).isEqualTo(2);
    assertThat(metrics.appliedCount(ApplyOutcome.STALE)).isEqualTo(1);
    assertThat(metrics.appliedCount(ApplyOutcome.REMOVED)).isEqualTo(1);
  }

  @Test
  void undecodableRecordsAreCountedAndSkipped() {
    Snapshots good = callsToday("r1", "a", T0_DAY).value(3);
    kafka.updateEndOffsets(Map.of(P0, 3L));
    start();

    kafka.schedulePollTask(
        () -> {
          kafka.addRecord(record(0, "garbage", new byte[] {1, 2, 3}));
          kafka.addRecord(record(1, null, AvroWire.encode(good.build())));
          kafka.addRecord(record(2, good.key(), AvroWire.encode(good.build())));
        });

    await().atMost(Duration.ofSeconds(10)).until(metrics::caughtUp);
    assertThat(metrics.rejectedCount()).isEqualTo(2);
    assertThat(store.current(T0)).extracting(Series::value).containsExactly(3.0);
  }

  @Test
  void anEmptyTopicIsCaughtUpAtOnce() {
    kafka.updateEndOffsets(Map.of(P0, 0L));
    start();

    await().atMost(Duration.ofSeconds(10)).until(metrics::caughtUp);
  }

  @Test
  void closeStopsTheLoop() throws InterruptedException {
    kafka.updateEndOffsets(Map.of(P0, 0L));
    start();
    await().atMost(Duration.ofSeconds(10)).until(metrics::caughtUp);

    consumer.close();
    thread.join(5_000);

    assertThat(thread.isAlive()).isFalse();
    assertThat(kafka.closed()).isTrue();
  }

  private void start() {
    consumer = new SnapshotConsumer(kafka, TOPIC, store, metrics);
    thread = new Thread(consumer, "test-snapshot-consumer");
    thread.start();
  }

  private static ConsumerRecord<String, byte[]> record(long offset, String key, byte[] value) {
    return new ConsumerRecord<>(TOPIC, 0, offset, key, value);
  }
}
