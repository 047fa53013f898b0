package io.crmpulse.jobs.activity;

/** One record's share of its rep's numbers, as the rep's aggregator holds it. */
public class Contribution {
  public long occurredAt;
  public int kinds;
  public long eventTime;
  /** Lower-case type, direction and outcome of a completed activity; null otherwise. */
  public String type;
  public String direction;
  public String outcome;

  public Contribution() {}

  Contribution(ActivityContribution c) {
    this.occurredAt = c.occurredAt;
    this.kinds = c.kinds;
    this.eventTime = c.eventTime;
    this.type = c.type;
    this.direction = c.direction;
    this.outcome = c.outcome;
  }

  boolean has(int kind) {
    return ActivityKinds.has(kinds, kind);
  }
}
