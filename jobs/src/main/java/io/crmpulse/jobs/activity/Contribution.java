package io.crmpulse.jobs.activity;

/** One activity's share of its rep's numbers, as the rep's aggregator holds it. */
public class Contribution {
  public long occurredAt;
  public int kinds;
  public long eventTime;

  public Contribution() {}

  Contribution(long occurredAt, int kinds, long eventTime) {
    this.occurredAt = occurredAt;
    this.kinds = kinds;
    this.eventTime = eventTime;
  }
}
