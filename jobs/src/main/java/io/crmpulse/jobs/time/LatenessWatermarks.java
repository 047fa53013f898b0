package io.crmpulse.jobs.time;

import io.crmpulse.jobs.io.SourcedEvent;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Event time trails the newest event by the allowed lateness, so an event up to that far out of
 * order is never late. An event further ahead than {@code maxFuture} does not move event time:
 * {@link EventTimeGate} rejects it by the same rule.
 *
 * <p>Live, the watermark goes out periodically. Replay emits it after every event: together with a
 * single reader that makes "late" a pure function of the file's order, at any parallelism.
 */
public class LatenessWatermarks implements WatermarkGenerator<SourcedEvent> {
  private final NewestEventTime newest;
  private final long latenessMillis;
  private final boolean emitPerEvent;

  public LatenessWatermarks(long latenessMillis, long maxFutureMillis, boolean emitPerEvent) {
    this.newest = new NewestEventTime(maxFutureMillis);
    this.latenessMillis = latenessMillis;
    this.emitPerEvent = emitPerEvent;
  }

  @Override
  public void onEvent(SourcedEvent event, long timestamp, WatermarkOutput output) {
    if (newest.offer(timestamp) && emitPerEvent) {
      onPeriodicEmit(output);
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    if (newest.known()) {
      output.emitWatermark(new Watermark(newest.get() - latenessMillis - 1));
    }
  }
}
