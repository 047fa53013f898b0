package io.crmpulse.jobs.pipeline;

/** A deal leaving a stage: when, after how long, and where to. */
public class StageExit {
  public String stage;
  /** advanced, back, won, lost or other (a stage missing from the configured order). */
  public String outcome;
  public long at;
  public double days;
  /** When the deal entered the stage: days in stage are exactly {@code at - entered} ms. */
  public long entered;

  public StageExit() {}

  StageExit(String stage, String outcome, long at, double days) {
    this(stage, outcome, at, at - Math.round(days * 86_400_000L));
  }

  StageExit(String stage, String outcome, long at, long entered) {
    this.stage = stage;
    this.outcome = outcome;
    this.at = at;
    this.entered = entered;
    this.days = (double) (at - entered) / 86_400_000L;
  }
}
