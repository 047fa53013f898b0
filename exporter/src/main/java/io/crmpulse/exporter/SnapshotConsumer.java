package io.crmpulse.exporter;

import io.crmpulse.events.MetricSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the compacted snapshot topic from the beginning into a {@link SeriesStore}, then follows it
 * until closed. It uses no consumer group and commits nothing: every start re-reads the whole
 * topic, which is what makes the exporter stateless, and the store's version rule makes the re-read
 * harmless.
 *
 * <p>Run it on its own thread; {@link #close()} may be called from any thread and makes {@link
 * #run()} return. A record it cannot decode is logged and counted, never fatal.
 */
public final class SnapshotConsumer implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotConsumer.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

  /** Partitions can be added to a topic; look for new ones this often. */
  private static final Duration PARTITION_RECHECK = Duration.ofSeconds(60);

  private final Consumer<String, byte[]> consumer;
  private final String topic;
  private final SeriesStore store;
  private final OperationalMetrics metrics;
  private final SnapshotDecoder decoder = new SnapshotDecoder();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Set<TopicPartition> assigned = new HashSet<>();
  private Map<TopicPartition, Long> catchUpTargets = Map.of();
  private long nextPartitionCheckNanos;
  private boolean toldTopicMissing;

  /**
   * A consumer of {@code topic} at {@code bootstrapServers}.
   *
   * @param extraProperties further consumer settings (security, timeouts); may be empty
   */
  public SnapshotConsumer(
      String bootstrapServers,
      String topic,
      Map<String, String> extraProperties,
      SeriesStore store,
      OperationalMetrics metrics) {
    this(new KafkaConsumer<>(properties(bootstrapServers, extraProperties)), topic, store, metrics);
  }

  /** For tests: any {@link Consumer}, such as Kafka's MockConsumer. */
  SnapshotConsumer(
      Consumer<String, byte[]> consumer,
      String topic,
      SeriesStore store,
      OperationalMetrics metrics) {
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.store = Objects.requireNonNull(store, "store");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  static Properties properties(String bootstrapServers, Map<String, String> extra) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "crmpulse-exporter");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Never create the topic by asking for it: it must be created compacted, by the job or ops.
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    // A job writing transactionally may abort; its aborted snapshots must not be served.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.putAll(extra);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return props;
  }

  @Override
  public void run() {
    try {
      while (!isClosing()) {
        try {
          if (assigned.isEmpty()) {
            assignNewPartitions();
          } else {
            pollOnce();
          }
        } catch (WakeupException e) {
          break;
        } catch (KafkaException e) {
          LOG.warn("reading snapshot topic {} failed, retrying: {}", topic, e.toString());
          sleep(RETRY_BACKOFF);
        }
      }
    } finally {
      try {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      } catch (RuntimeException e) {
        LOG.warn("closing the snapshot consumer failed: {}", e.toString());
      }
    }
  }

  /** Makes {@link #run()} return soon; safe from any thread. */
  @Override
  public void close() {
    closing.countDown();
    consumer.wakeup();
  }

  private boolean isClosing() {
    return closing.getCount() == 0;
  }

  private void pollOnce() {
    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
      handle(record);
    }
    if (!metrics.caughtUp() && reachedCatchUpTargets()) {
      metrics.markCaughtUp();
      LOG.info("read snapshot topic {} to its end: {} series held", topic, store.heldCount());
    }
    if (System.nanoTime() - nextPartitionCheckNanos >= 0) {
      assignNewPartitions();
    }
  }

  void handle(ConsumerRecord<String, byte[]> record) {
    if (record.key() == null) {
      reject(record, "record has no key");
      return;
    }
    MetricSnapshot snapshot = null;
    if (record.value() != null) {
      try {
        snapshot = decoder.decode(record.value());
      } catch (RejectedSnapshotException e) {
        reject(record, e.getMessage());
        return;
      }
    }
    metrics.recordApplied(store.apply(record.key(), snapshot));
  }

  private void reject(ConsumerRecord<String, byte[]> record, String reason) {
    metrics.recordRejected();
    long count = metrics.rejectedCount();
    // A stream of bad records must not flood the log: the first few, then one in a thousand.
    if (count <= 10 || count % 1000 == 0) {
      LOG.warn(
          "skipped snapshot record {}-{}@{} key {} ({} rejected so far): {}",
          record.topic(),
          record.partition(),
          record.offset(),
          record.key(),
          count,
          reason);
    }
  }

  /** Assigns partitions not yet assigned, reading each from its beginning. */
  private void assignNewPartitions() {
    nextPartitionCheckNanos = System.nanoTime() + PARTITION_RECHECK.toNanos();
    List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
    if (infos == null || infos.isEmpty()) {
      if (assigned.isEmpty()) {
        if (!toldTopicMissing) {
          LOG.warn("snapshot topic {} does not exist yet; waiting for it", topic);
          toldTopicMissing = true;
        }
        sleep(RETRY_BACKOFF);
      }
      return;
    }
    List<TopicPartition> fresh = new ArrayList<>();
    for (PartitionInfo info : infos) {
      TopicPartition partition = new TopicPartition(info.topic(), info.partition());
      if (!assigned.contains(partition)) {
        fresh.add(partition);
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    List<TopicPartition> all = new ArrayList<>(assigned);
    all.addAll(fresh);
    consumer.assign(all);
    consumer.seekToBeginning(fresh);
    if (!metrics.caughtUp()) {
      Map<TopicPartition, Long> targets = new HashMap<>(catchUpTargets);
      targets.putAll(consumer.endOffsets(fresh, METADATA_TIMEOUT));
      catchUpTargets = targets;
    }
    assigned.addAll(fresh);
    LOG.info("reading snapshot topic {} from the beginning: partitions {}", topic, fresh);
  }

  private boolean reachedCatchUpTargets() {
    for (Map.Entry<TopicPartition, Long> target : catchUpTargets.entrySet()) {
      if (consumer.position(target.getKey(), METADATA_TIMEOUT) < target.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void sleep(Duration duration) {
    try {
      closing.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closing.countDown();
    }
  }
}
