package io.crmpulse.jobs.time;

import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.DeadLetterKind;
import io.crmpulse.jobs.io.DeadLetters;
import io.crmpulse.jobs.io.Decoded;
import io.crmpulse.jobs.metrics.JobFigures;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.TimeUtils;

/**
 * Lets through the events the job can count. To the dead-letter side output, with the reason and
 * counted: records that are not valid events, late events (behind the watermark, so more than the
 * allowed lateness behind the newest) and events too far in the future.
 */
public class InputGate extends ProcessFunction<Decoded, CrmEvent> {
  private static final long serialVersionUID = 1L;

  private final Duration lateness;
  private final EventTimeHorizon horizon;
  private transient JobFigures.Figure read;
  private transient JobFigures.Figure rejected;
  private transient JobFigures.Figure late;

  public InputGate(Duration lateness, EventTimeHorizon horizon) {
    this.lateness = lateness;
    this.horizon = horizon;
  }

  @Override
  public void open(OpenContext openContext) {
    read = JobFigures.figure(getRuntimeContext(), JobFigures.READ);
    rejected = JobFigures.figure(getRuntimeContext(), JobFigures.REJECTED);
    late = JobFigures.figure(getRuntimeContext(), JobFigures.LATE);
  }

  @Override
  public void processElement(Decoded in, Context ctx, Collector<CrmEvent> out) {
    read.add(1);
    if (!in.isValid()) {
      reject(DeadLetterKind.REJECTED, in.rejection, in, ctx);
      return;
    }
    long eventTime = in.event.getEventTime().toEpochMilli();
    String tooFarAhead = horizon.tooFarAhead(eventTime);
    if (tooFarAhead != null) {
      reject(DeadLetterKind.REJECTED, tooFarAhead, in, ctx);
      return;
    }
    if (eventTime <= ctx.timerService().currentWatermark()) {
      reject(DeadLetterKind.LATE, "event_time " + in.event.getEventTime()
          + " is more than the allowed lateness (" + TimeUtils.formatWithHighestUnit(lateness)
          + ") behind the newest event", in, ctx);
      return;
    }
    out.collect(in.event);
  }

  private void reject(DeadLetterKind kind, String reason, Decoded in, Context ctx) {
    (kind == DeadLetterKind.LATE ? late : rejected).add(1);
    String eventId = in.event == null ? null : in.event.getEventId();
    ctx.output(DeadLetters.TAG, DeadLetters.of(kind, reason, in.input, eventId));
  }
}
