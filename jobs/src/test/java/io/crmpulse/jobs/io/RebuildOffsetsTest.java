package io.crmpulse.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer.PartitionOffsetsRetriever;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RebuildOffsetsTest {
  private static final TopicPartition REPS = new TopicPartition("crm.reps", 0);
  private static final TopicPartition CALLS = new TopicPartition("crm.activities", 0);
  private static final TopicPartition QUIET = new TopicPartition("crm.logins", 0);

  @Test
  void repsFromTheBeginningOthersFromTheWindowAndQuietPartitionsFromTheirEnd() {
    Map<TopicPartition, Long> offsets = new RebuildOffsets(Duration.ofDays(2), Set.of("crm.reps"))
        .getPartitionOffsets(List.of(REPS, CALLS, QUIET), new Retriever());
    assertThat(offsets).containsExactlyInAnyOrderEntriesOf(Map.of(REPS, 3L, CALLS, 40L, QUIET, 9L));
  }

  /** Answers as the connector's retriever does: no entry for a partition without a match. */
  private static final class Retriever implements PartitionOffsetsRetriever {
    @Override
    public Map<TopicPartition, Long> committedOffsets(Collection<TopicPartition> partitions) {
      throw new AssertionError("a rebuild must not start from committed offsets");
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
      Map<TopicPartition, Long> ends = new HashMap<>();
      partitions.forEach(p -> ends.put(p, p.equals(QUIET) ? 9L : 100L));
      return ends;
    }

    @Override
    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
      Map<TopicPartition, Long> starts = new HashMap<>();
      partitions.forEach(p -> starts.put(p, 3L));
      return starts;
    }

    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> times) {
      assertThat(times.get(CALLS)).isCloseTo(
          System.currentTimeMillis() - Duration.ofDays(2).toMillis(), org.assertj.core.data.Offset.offset(60_000L));
      return Map.of(CALLS, new OffsetAndTimestamp(40L, times.get(CALLS)));
    }
  }
}
