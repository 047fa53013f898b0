package io.crmpulse.jobs.activity;

/** The current version of one activity and what it contributes. */
public class ActivityVersion {
  public long eventTime;
  public String eventId;
  public boolean deleted;
  public String repId;
  public long occurredAt;
  public int kinds;
  /** A completed activity linked to a deal: kept as long as it can be the deal's last touch. */
  public boolean touchesDeal;
  public long expiresAt;

  public ActivityVersion() {}

  boolean counts() {
    return !deleted && kinds != 0;
  }
}
