package io.crmpulse.jobs.io;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a job without checkpointed state starts reading: far enough back to rebuild all the state
 * it keeps, so a fresh start neither loses today's counts (as starting at the group's committed
 * offsets would) nor needs the whole history. Topics of records that never expire from state (reps)
 * are read from the beginning. A restore from a checkpoint ignores this and resumes exactly.
 */
public class RebuildOffsets implements OffsetsInitializer {
  private static final long serialVersionUID = 1L;

  private final Duration window;
  private final Set<String> fromBeginning;

  public RebuildOffsets(Duration window, Set<String> fromBeginning) {
    this.window = window;
    this.fromBeginning = Set.copyOf(fromBeginning);
  }

  @Override
  public Map<TopicPartition, Long> getPartitionOffsets(
      Collection<TopicPartition> partitions, PartitionOffsetsRetriever retriever) {
    List<TopicPartition> whole = new ArrayList<>();
    Map<TopicPartition, Long> since = new HashMap<>();
    long from = System.currentTimeMillis() - window.toMillis();
    for (TopicPartition partition : partitions) {
      if (fromBeginning.contains(partition.topic())) {
        whole.add(partition);
      } else {
        since.put(partition, from);
      }
    }
    Map<TopicPartition, Long> offsets = new HashMap<>(retriever.beginningOffsets(whole));
    // End offsets first: a record produced between the two look-ups is then read, not skipped.
    Map<TopicPartition, Long> ends = retriever.endOffsets(since.keySet());
    Map<TopicPartition, OffsetAndTimestamp> found = retriever.offsetsForTimes(since);
    for (TopicPartition partition : since.keySet()) {
      // A partition with nothing that recent is absent from the answer (or null): start at its end.
      OffsetAndTimestamp first = found.get(partition);
      offsets.put(partition, first == null ? ends.get(partition) : first.offset());
    }
    return offsets;
  }

  @Override
  public OffsetResetStrategy getAutoOffsetResetStrategy() {
    return OffsetResetStrategy.EARLIEST;
  }
}
