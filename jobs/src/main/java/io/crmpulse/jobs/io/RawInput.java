package io.crmpulse.jobs.io;

/**
 * One input record before decoding, with where it came from, so a rejection can point at it: a
 * Kafka topic, partition and offset, or a file and line number.
 */
public class RawInput {
  /** Topic name or file path. */
  public String origin;

  /** Kafka partition; null for files. */
  public Integer partition;

  /** Kafka offset, or line number from 1. */
  public long position;

  /** True for the JSON Lines form, false for Avro single-object bytes. */
  public boolean json;

  public byte[] payload;

  public RawInput() {}

  public RawInput(String origin, Integer partition, long position, boolean json, byte[] payload) {
    this.origin = origin;
    this.partition = partition;
    this.position = position;
    this.json = json;
    this.payload = payload;
  }

}
