package io.crmpulse.kafka;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * A topic to create on a single-broker cluster: its name, partition count and whether it is
 * compacted. Replication is always 1 because there is one broker.
 *
 * @param name topic name
 * @param partitions number of partitions, at least 1
 * @param compacted whether {@code cleanup.policy=compact}, for topics that hold the latest value
 *     per key (such as the metric snapshots)
 */
public record TopicSpec(String name, int partitions, boolean compacted) {

  public TopicSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "topic " + name + ": partitions must be at least 1, was " + partitions);
    }
  }

  /** A plain (delete-policy) topic. */
  public static TopicSpec of(String name, int partitions) {
    return new TopicSpec(name, partitions, false);
  }

  /** A compacted topic. */
  public static TopicSpec compacted(String name, int partitions) {
    return new TopicSpec(name, partitions, true);
  }

  /** The admin-client request for this topic. */
  public NewTopic toNewTopic() {
    NewTopic topic = new NewTopic(name, partitions, (short) 1);
    if (compacted) {
      topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }
    return topic;
  }
}
