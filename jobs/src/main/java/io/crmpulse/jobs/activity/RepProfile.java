package io.crmpulse.jobs.activity;

/** The current version of a rep record, as far as labels and the local day need it. */
public class RepProfile {
  public long eventTime;
  public String eventId;
  public boolean deleted;
  public String team;
  public String timeZone;
  /** Outbound calls a day the rep aims for, or null. */
  public Integer dailyCallTarget;

  public RepProfile() {}
}
