package io.crmpulse.jobs.io;

import io.crmpulse.jobs.metrics.JobFigures;
import java.io.Serializable;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * What a replay may see (CONTRACT.md section 2): events up to as-of, less those with an impossible
 * clock, which are rejected: the events in (plausibleUntil, outliersUpTo], found by the reader
 * against the rest of the file. Runs before event time, so neither kind ever moves it.
 */
public class ReplayWindow extends RichFlatMapFunction<Decoded, Decoded> {
  private static final long serialVersionUID = 1L;

  private final Bounds bounds;
  private transient JobFigures.Figure afterAsOf;

  public ReplayWindow(Bounds bounds) {
    this.bounds = bounds;
  }

  /**
   * @param asOf the instant the replay serves at; later events are not seen
   * @param plausibleUntil newest event_time that is not an impossible value
   * @param outliersUpTo newest event_time that is rejected as impossible rather than not seen:
   *     as-of when given, else {@link Instant#MAX}
   * @param maxFuture how far ahead counts as impossible, for the reason text
   */
  public record Bounds(Instant asOf, Instant plausibleUntil, Instant outliersUpTo, String maxFuture)
      implements Serializable {}

  @Override
  public void open(OpenContext openContext) {
    afterAsOf = JobFigures.figure(getRuntimeContext(), JobFigures.AFTER_AS_OF);
  }

  @Override
  public void flatMap(Decoded in, Collector<Decoded> out) {
    Instant eventTime = in.isValid() ? in.event.getEventTime() : Instant.MIN;
    if (eventTime.isAfter(bounds.plausibleUntil()) && !eventTime.isAfter(bounds.outliersUpTo())) {
      out.collect(Decoded.rejected("event_time " + eventTime + " is more than "
          + bounds.maxFuture() + " ahead of the newest other event (" + bounds.plausibleUntil()
          + ")", in.event, in.input));
    } else if (eventTime.isAfter(bounds.asOf())) {
      afterAsOf.add(1);
    } else {
      out.collect(in);
    }
  }
}
