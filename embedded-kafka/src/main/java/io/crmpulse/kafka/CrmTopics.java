package io.crmpulse.kafka;

import io.crmpulse.contract.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the topics CRM Pulse reads and writes: the CRM input topics, the compacted metric
 * snapshot and alert topics and the dead-letter topic. Safe to call again: existing topics are left as they
 * are.
 */
public final class CrmTopics {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  private CrmTopics() {}

  /** The full set of topics, each with {@code partitions} partitions. */
  public static List<TopicSpec> all(int partitions) {
    List<TopicSpec> specs = new ArrayList<>();
    for (String input : Topics.INPUTS) {
      specs.add(TopicSpec.of(input, partitions));
    }
    // The exporter rebuilds its registry from this topic on restart, so it keeps one value per key.
    specs.add(TopicSpec.compacted(Topics.METRICS, partitions));
    // Keyed by alert id: the latest transition of every alert episode stays readable.
    specs.add(TopicSpec.compacted(Topics.ALERTS, partitions));
    specs.add(TopicSpec.of(Topics.DEAD_LETTER, partitions));
    return specs;
  }

  /** Creates every CRM Pulse topic on the embedded broker. */
  public static void createAll(EmbeddedKafka kafka, int partitions) {
    kafka.createTopics(all(partitions));
  }

  /** Creates every CRM Pulse topic on the cluster at {@code bootstrapServers}. */
  public static void createAll(String bootstrapServers, int partitions) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      createAll(admin, partitions);
    }
  }

  /** Creates every CRM Pulse topic through {@code admin}. */
  public static void createAll(Admin admin, int partitions) {
    create(admin, all(partitions));
  }

  /**
   * Creates {@code specs} through {@code admin}, ignoring topics that already exist, and waits
   * until every one of them can be described, so that producers started right after do not race
   * the metadata propagation.
   */
  public static void create(Admin admin, Collection<TopicSpec> specs) {
    CreateTopicsResult result =
        admin.createTopics(specs.stream().map(TopicSpec::toNewTopic).toList());
    for (Map.Entry<String, KafkaFuture<Void>> entry : result.values().entrySet()) {
      try {
        entry.getValue().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException(
              "Cannot create topic " + entry.getKey() + ": " + e.getCause().getMessage(),
              e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while creating topic " + entry.getKey(), e);
      }
    }
    awaitDescribable(admin, specs.stream().map(TopicSpec::name).collect(Collectors.toSet()));
  }

  private static void awaitDescribable(Admin admin, Set<String> names) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      try {
        admin.describeTopics(names).allTopicNames().get();
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Topics " + names + " were created but are not visible: " + e.getCause(), e);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for topics " + names, e);
      }
      sleep(50);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }
}
