package io.crmpulse.jobs.io;

import org.apache.flink.api.common.functions.MapFunction;

/** Decoding as an operator, for inputs that are not a Kafka source (replay's file lines). */
public class DecodeFunction implements MapFunction<RawInput, Decoded> {
  private static final long serialVersionUID = 1L;

  private final EventDecoding decoding = new EventDecoding();

  @Override
  public Decoded map(RawInput input) {
    return decoding.decode(input);
  }
}
