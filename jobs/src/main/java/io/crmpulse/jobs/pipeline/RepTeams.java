package io.crmpulse.jobs.pipeline;

import io.crmpulse.jobs.activity.RecordVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The recent versions of one rep record's team, so an alert names the owner's team as of the
 * alert's instant. A few versions suffice: older ones are far behind event time.
 */
public class RepTeams {
  static final int KEPT = 8;
  public TeamVersion[] versions = new TeamVersion[0];

  public RepTeams() {}

  /** Adds a version, keeping them in version order and at most {@link #KEPT}. */
  RepTeams with(long eventTime, String eventId, String team) {
    List<TeamVersion> all = new ArrayList<>(Arrays.asList(versions));
    if (all.stream().anyMatch(
        v -> RecordVersion.compare(v.eventTime, v.eventId, eventTime, eventId) == 0)) {
      return this;
    }
    all.add(new TeamVersion(eventTime, eventId, team));
    all.sort(Comparator.comparingLong((TeamVersion v) -> v.eventTime).thenComparing(v -> v.eventId));
    RepTeams next = new RepTeams();
    next.versions = all.subList(Math.max(0, all.size() - KEPT), all.size()).toArray(TeamVersion[]::new);
    return next;
  }

  /** The team of the newest version at or before {@code at}, or null. */
  String teamAt(long at) {
    TeamVersion current = null;
    for (TeamVersion v : versions) {
      if (v.eventTime <= at && (current == null
          || RecordVersion.compare(v.eventTime, v.eventId, current.eventTime, current.eventId) > 0)) {
        current = v;
      }
    }
    return current == null ? null : current.team;
  }

  /** One version of a rep record, as far as its team goes. */
  public static class TeamVersion {
    public long eventTime;
    public String eventId;
    /** Null for a deleted rep record. */
    public String team;

    public TeamVersion() {}

    TeamVersion(long eventTime, String eventId, String team) {
      this.eventTime = eventTime;
      this.eventId = eventId;
      this.team = team;
    }
  }
}
