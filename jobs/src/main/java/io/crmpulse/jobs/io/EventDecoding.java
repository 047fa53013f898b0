package io.crmpulse.jobs.io;

import io.crmpulse.contract.AvroWire;
import io.crmpulse.contract.EventJson;
import io.crmpulse.contract.EventValidator;
import io.crmpulse.contract.InvalidEventException;
import io.crmpulse.contract.Topics;
import io.crmpulse.events.CrmEvent;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.avro.message.BinaryMessageDecoder;

/**
 * Turns an input record into a valid event or a rejection with its reason: Avro single-object
 * bytes from Kafka, or a JSON line from a file, then the contract's checks. Never throws on
 * input: one bad record must not stop the job.
 */
public final class EventDecoding implements Serializable {
  private static final long serialVersionUID = 1L;

  private transient BinaryMessageDecoder<CrmEvent> avro;

  public Decoded decode(RawInput input) {
    CrmEvent event;
    try {
      event = parse(input);
    } catch (InvalidEventException e) {
      return Decoded.rejected(e.getMessage(), null, input);
    }
    Optional<String> problem = EventValidator.check(event).or(() -> wrongTopic(event, input));
    return problem.isPresent()
        ? Decoded.rejected(problem.get(), event, input)
        : Decoded.valid(event, input);
  }

  private CrmEvent parse(RawInput input) throws InvalidEventException {
    if (input.payload == null || input.payload.length == 0) {
      throw new InvalidEventException("empty record");
    }
    if (input.json) {
      return EventJson.parse(utf8(input.payload));
    }
    if (avro == null) {
      avro = AvroWire.decoder(CrmEvent.getClassSchema());
    }
    try {
      return avro.decode(input.payload);
    } catch (Exception e) {
      // Avro reports bad bytes through several exception types (IO, runtime, missing schema).
      throw new InvalidEventException("not a CrmEvent in Avro single-object encoding: " + e);
    }
  }

  /** Strictly: a line with a broken byte is rejected, not read with a replacement character. */
  public static String utf8(byte[] bytes) throws InvalidEventException {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidEventException("not valid UTF-8");
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
