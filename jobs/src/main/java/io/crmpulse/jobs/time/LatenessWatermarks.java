package io.crmpulse.jobs.time;

import io.crmpulse.jobs.io.Decoded;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Event time trails the newest event by the allowed lateness, so an event up to that far out of
 * order is never late. An event beyond the {@link EventTimeHorizon} does not move event time:
 * {@link InputGate} rejects it by the same rule. Rejected records carry no event time.
 *
 * <p>Live, the Kafka source runs one generator per partition, so a partition read ahead of another
 * does not make the other's events late, and the watermark goes out periodically. Replay emits it
 * after every event: with a single reader that makes "late" a pure function of the file's order.
 */
public class LatenessWatermarks implements WatermarkGenerator<Decoded> {
  private final long latenessMillis;
  private final EventTimeHorizon horizon;
  private final boolean emitPerEvent;
  private long newest = Long.MIN_VALUE;

  public LatenessWatermarks(long latenessMillis, EventTimeHorizon horizon, boolean emitPerEvent) {
    this.latenessMillis = latenessMillis;
    this.horizon = horizon;
    this.emitPerEvent = emitPerEvent;
  }

  @Override
  public void onEvent(Decoded event, long timestamp, WatermarkOutput output) {
    if (!event.isValid() || horizon.tooFarAhead(timestamp) != null) {
      return;
    }
    newest = Math.max(newest, timestamp);
    if (emitPerEvent) {
      onPeriodicEmit(output);
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    if (newest != Long.MIN_VALUE) {
      output.emitWatermark(new Watermark(newest - latenessMillis - 1));
    }
  }
}
