package io.crmpulse.jobs.io;

import io.crmpulse.events.DeadLetter;
import io.crmpulse.events.DeadLetterKind;
import java.nio.ByteBuffer;
import org.apache.flink.util.OutputTag;

/** The side output of records the job does not count, and how to build one. */
public final class DeadLetters {
  public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters") {};

  private DeadLetters() {}

  public static DeadLetter of(DeadLetterKind kind, String reason, RawInput input, String eventId) {
    return DeadLetter.newBuilder()
        .setKind(kind)
        .setReason(reason)
        .setOrigin(input.origin)
        .setPartition(input.partition)
        .setPosition(input.position)
        .setEventId(eventId)
        .setPayload(ByteBuffer.wrap(input.payload == null ? new byte[0] : input.payload))
        .build();
  }
}
