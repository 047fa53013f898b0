package io.crmpulse.jobs.metrics;

import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;

/**
 * Operational and data-quality counts: a Flink metric (live, for Flink's reporter) and an
 * accumulator of the same name (summed over subtasks at the end of a bounded run, for replay's
 * stderr). Business numbers never go here: they are snapshots.
 */
public final class JobFigures {
  public static final String READ = "records_read";
  public static final String REJECTED = "records_rejected";
  public static final String LATE = "events_late";
  public static final String AFTER_AS_OF = "events_after_as_of";
  public static final String DUPLICATE = "events_duplicate";
  public static final String SUPERSEDED = "events_superseded";
  public static final String SNAPSHOTS = "snapshots_written";

  /** In the order replay reports them. */
  public static final List<String> ALL =
      List.of(READ, AFTER_AS_OF, REJECTED, LATE, DUPLICATE, SUPERSEDED, SNAPSHOTS);

  private JobFigures() {}

  /** The figure {@code name} of the operator that owns {@code context}. */
  public static Figure figure(RuntimeContext context, String name) {
    return new Figure(context.getLongCounter(name), context.getMetricGroup().counter(name));
  }

  /** One count, kept as both a metric and an accumulator. */
  public static final class Figure {
    private final LongCounter accumulator;
    private final Counter metric;

    private Figure(LongCounter accumulator, Counter metric) {
      this.accumulator = accumulator;
      this.metric = metric;
    }

    public void add(long count) {
      accumulator.add(count);
      metric.inc(count);
    }
  }
}
