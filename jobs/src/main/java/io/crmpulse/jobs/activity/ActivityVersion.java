package io.crmpulse.jobs.activity;

/** The current version of one activity, login or opportunity and what it contributes. */
public class ActivityVersion {
  public long eventTime;
  public String eventId;
  public boolean deleted;
  public String repId;
  /** When it happened: occurred_at, or for an opportunity its creation. */
  public long occurredAt;
  public int kinds;
  /** Lower-case type, direction and outcome of a completed activity; null otherwise. */
  public String type;
  public String direction;
  public String outcome;
  /** A completed activity linked to a deal: kept as long as it can be the deal's last touch. */
  public boolean touchesDeal;
  /** The earliest event_time of any version seen: an opportunity without created_at began then. */
  public long firstSeen;
  /** An opportunity whose current version has no created_at: it dates from {@link #firstSeen}. */
  public boolean createdAtUnknown;
  public long expiresAt;

  public ActivityVersion() {}

  boolean counts() {
    return !deleted && (kinds != 0 || type != null);
  }
}
