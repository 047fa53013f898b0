package io.crmpulse.jobs.io;

import io.crmpulse.contract.AvroWire;
import io.crmpulse.contract.EventJson;
import io.crmpulse.contract.EventValidator;
import io.crmpulse.contract.InvalidEventException;
import io.crmpulse.contract.Topics;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.DeadLetterKind;
import io.crmpulse.jobs.metrics.JobFigures;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns input records into valid events; everything else goes to the dead-letter side output
 * with the reason and the original bytes. Never throws on input: one bad record must not stop
 * the job.
 */
public class EventDecoder extends ProcessFunction<RawInput, SourcedEvent> {
  private static final long serialVersionUID = 1L;

  private transient BinaryMessageDecoder<CrmEvent> avro;
  private transient JobFigures figures;

  @Override
  public void open(OpenContext openContext) {
    avro = AvroWire.decoder(CrmEvent.getClassSchema());
    figures = new JobFigures(getRuntimeContext());
  }

  @Override
  public void processElement(RawInput input, Context ctx, Collector<SourcedEvent> out) {
    figures.read.add(1);
    CrmEvent event;
    try {
      event = decode(input);
    } catch (InvalidEventException e) {
      figures.rejected.add(1);
      ctx.output(DeadLetters.TAG, DeadLetters.of(DeadLetterKind.REJECTED, e.getMessage(), input, null));
      return;
    }
    Optional<String> problem = EventValidator.check(event).or(() -> wrongTopic(event, input));
    if (problem.isPresent()) {
      figures.rejected.add(1);
      ctx.output(DeadLetters.TAG,
          DeadLetters.of(DeadLetterKind.REJECTED, problem.get(), input, event.getEventId()));
      return;
    }
    out.collect(new SourcedEvent(event, input));
  }

  private CrmEvent decode(RawInput input) throws InvalidEventException {
    if (input.payload == null || input.payload.length == 0) {
      throw new InvalidEventException("empty record");
    }
    if (input.json) {
      return EventJson.parse(new String(input.payload, StandardCharsets.UTF_8));
    }
    try {
      return avro.decode(input.payload);
    } catch (Exception e) {
      // Avro reports bad bytes through several exception types (IO, runtime, missing schema).
      throw new InvalidEventException("not a CrmEvent in Avro single-object encoding: " + e);
    }
  }

  /** On Kafka each entity has its own topic; an event on another entity's topic is misrouted. */
  private static Optional<String> wrongTopic(CrmEvent event, RawInput input) {
    if (input.partition == null) {
      return Optional.empty();
    }
    String expected = Topics.forEntity(event.getEntity());
    return expected.equals(input.origin)
        ? Optional.empty()
        : Optional.of("entity " + EventValidator.entityField(event) + " belongs on topic "
            + expected + ", not " + input.origin);
  }
}
