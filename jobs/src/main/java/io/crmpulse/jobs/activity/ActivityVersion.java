package io.crmpulse.jobs.activity;

/** The current version of one activity and what it contributes. */
public class ActivityVersion {
  public long eventTime;
  public String eventId;
  public boolean deleted;
  public String repId;
  public long occurredAt;
  public int kinds;
  /** The deal this completed activity touches, or null. */
  public String touchedDeal;
  public long expiresAt;

  public ActivityVersion() {}

  boolean counts() {
    return !deleted && kinds != 0;
  }
}
