package io.crmpulse.launcher;

import io.crmpulse.contract.AvroWire;
import io.crmpulse.contract.Topics;
import io.crmpulse.events.AlertKind;
import io.crmpulse.events.AlertState;
import io.crmpulse.events.DealAlert;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints every deal alert transition on {@code crmpulse.alerts} as one console line, so a demo
 * shows deals going quiet and coming back the moment it happens, as an owner would be told.
 */
final class AlertFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertFeed.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;

  private AlertFeed(KafkaConsumer<byte[], byte[]> consumer, PrintStream out) {
    this.consumer = consumer;
    BinaryMessageDecoder<DealAlert> decoder = AvroWire.decoder(DealAlert.getClassSchema());
    this.thread = new Thread(() -> run(decoder, out), "alert-feed");
    this.thread.setDaemon(true);
  }

  static AlertFeed start(Map<String, Object> clientProperties, PrintStream out) {
    Map<String, Object> props = new java.util.HashMap<>(clientProperties);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(Topics.ALERTS).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    AlertFeed feed = new AlertFeed(consumer, out);
    feed.thread.start();
    return feed;
  }

  private void run(BinaryMessageDecoder<DealAlert> decoder, PrintStream out) {
    try {
      while (true) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          try {
            out.println(line(decoder.decode(record.value())));
          } catch (IOException e) {
            LOG.warn("Undecodable record on {} at offset {}", Topics.ALERTS, record.offset(), e);
          }
        }
      }
    } catch (WakeupException stopping) {
      // close() asked us to stop.
    } finally {
      consumer.close();
    }
  }

  /** {@code [alert] raised   neglected opp-1 owner rep-05 (Americas), proposal, 385 USD, 14.0 d}. */
  static String line(DealAlert alert) {
    String what = alert.getKind() == AlertKind.NEGLECTED ? "untouched" : "in stage";
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[alert] %-8s %-9s %s owner %s (%s), %s",
        alert.getState().name().toLowerCase(Locale.ROOT), alert.getKind().name().toLowerCase(Locale.ROOT),
        alert.getDealId(), alert.getOwnerId(), alert.getTeam(), alert.getStage()));
    if (alert.getAmount() != null) {
      line.append(String.format(Locale.ROOT, ", %.0f %s", alert.getAmount(),
          alert.getCurrency() == null ? "" : alert.getCurrency()).stripTrailing());
    }
    line.append(String.format(Locale.ROOT, ", %s %.1f d", what, alert.getAgeSeconds() / 86400.0));
    if (alert.getState() == AlertState.RESOLVED || alert.getState() == AlertState.SNOOZED) {
      line.append(alert.getState() == AlertState.RESOLVED ? ": " : ": snoozed until "
          + alert.getSnoozedUntil() + ", ").append(alert.getReason());
    }
    return line.toString();
  }

  @Override
  public void close() throws InterruptedException {
    consumer.wakeup();
    thread.join(Duration.ofSeconds(5).toMillis());
  }
}
