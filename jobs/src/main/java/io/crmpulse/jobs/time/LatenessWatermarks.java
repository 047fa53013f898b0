package io.crmpulse.jobs.time;

import io.crmpulse.jobs.io.Decoded;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Event time trails the newest event by the allowed lateness, so an event up to that far out of
 * order is never late. An event further ahead than {@code maxFuture} does not move event time:
 * {@link InputGate} rejects it by the same rule. Rejected records carry no event time.
 *
 * <p>Live, the Kafka source runs one generator per partition, so a partition read ahead of another
 * does not make the other's events late, and the watermark goes out periodically. Replay emits it
 * after every event: with a single reader that makes "late" a pure function of the file's order.
 */
public class LatenessWatermarks implements WatermarkGenerator<Decoded> {
  private final NewestEventTime newest;
  private final long latenessMillis;
  private final boolean emitPerEvent;

  public LatenessWatermarks(long latenessMillis, long maxFutureMillis, boolean emitPerEvent) {
    this.newest = new NewestEventTime(maxFutureMillis);
    this.latenessMillis = latenessMillis;
    this.emitPerEvent = emitPerEvent;
  }

  @Override
  public void onEvent(Decoded event, long timestamp, WatermarkOutput output) {
    if (event.isValid() && newest.offer(timestamp) && emitPerEvent) {
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
