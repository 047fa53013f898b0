package io.crmpulse.jobs.pipeline;

/** A deal leaving a stage: when, after how long, and where to. */
public class StageExit {
  public String stage;
  /** advanced, back, won, lost or other (a stage missing from the configured order). */
  public String outcome;
  public long at;
  public double days;

  public StageExit() {}

  StageExit(String stage, String outcome, long at, double days) {
    this.stage = stage;
    this.outcome = outcome;
    this.at = at;
    this.days = days;
  }
}
