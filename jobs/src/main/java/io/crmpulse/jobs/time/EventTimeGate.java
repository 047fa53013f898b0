package io.crmpulse.jobs.time;

import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.DeadLetterKind;
import io.crmpulse.jobs.io.DeadLetters;
import io.crmpulse.jobs.io.SourcedEvent;
import io.crmpulse.jobs.metrics.JobFigures;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets through events that event time can still place: a late event (behind the watermark, so
 * more than the allowed lateness behind the newest) and one too far in the future go to the
 * dead-letter side output with the reason, and are counted.
 */
public class EventTimeGate extends ProcessFunction<SourcedEvent, CrmEvent> {
  private static final long serialVersionUID = 1L;

  private final Duration lateness;
  private final NewestEventTime newest;
  private transient JobFigures.Figure late;
  private transient JobFigures.Figure rejected;

  public EventTimeGate(Duration lateness, Duration maxFuture) {
    this.lateness = lateness;
    this.newest = new NewestEventTime(maxFuture.toMillis());
  }

  @Override
  public void open(OpenContext openContext) {
    late = JobFigures.figure(getRuntimeContext(), JobFigures.LATE);
    rejected = JobFigures.figure(getRuntimeContext(), JobFigures.REJECTED);
  }

  @Override
  public void processElement(SourcedEvent in, Context ctx, Collector<CrmEvent> out) {
    long eventTime = in.event.getEventTime().toEpochMilli();
    long watermark = ctx.timerService().currentWatermark();
    if (newest.tooFarAhead(eventTime)) {
      rejected.add(1);
      ctx.output(DeadLetters.TAG, DeadLetters.of(DeadLetterKind.REJECTED,
          "event_time " + in.event.getEventTime() + " is more than " + newest.maxFuture()
              + " ahead of the newest event (" + Instant.ofEpochMilli(newest.get()) + ")",
          in.input, in.event.getEventId()));
      return;
    }
    newest.offer(eventTime);
    if (eventTime <= watermark) {
      late.add(1);
      ctx.output(DeadLetters.TAG, DeadLetters.of(DeadLetterKind.LATE,
          "event_time " + in.event.getEventTime() + " is more than the allowed lateness ("
              + lateness + ") behind the newest event",
          in.input, in.event.getEventId()));
      return;
    }
    out.collect(in.event);
  }
}
