package io.crmpulse.jobs.pipeline;

/** The alert of one kind a deal is in: since when, what was last announced, and when. */
public class AlertEpisode {
  public String alertId;
  public long since;
  /** Raised (announced), else snoozed (silenced). */
  public boolean raised;
  /** Transitions announced so far: the next one's event id is alertId#(seq+1). */
  public int seq;
  /** When it was last raised or reminded. */
  public long lastNotice;

  public AlertEpisode() {}

  AlertEpisode(String dealId, String kind, long since) {
    this.alertId = dealId + "/" + kind + "/" + java.time.Instant.ofEpochMilli(since);
    this.since = since;
  }
}
