package io.crmpulse.jobs.pipeline;

import java.util.Arrays;

/**
 * The recent versions of one rep record's team, so an alert names the owner's team as of the
 * alert's instant. A few versions suffice: older ones are far behind event time.
 */
public class RepTeams {
  static final int KEPT = 8;
  public long[] eventTimes = new long[0];
  public String[] eventIds = new String[0];
  /** Null for a deleted rep record. */
  public String[] teams = new String[0];

  public RepTeams() {}

  /** Adds a version, keeping them in version order and at most {@link #KEPT}. */
  RepTeams with(long eventTime, String eventId, String team) {
    int at = eventTimes.length;
    while (at > 0 && (eventTimes[at - 1] > eventTime
        || (eventTimes[at - 1] == eventTime && eventIds[at - 1].compareTo(eventId) >= 0))) {
      if (eventTimes[at - 1] == eventTime && eventIds[at - 1].equals(eventId)) {
        return this;
      }
      at--;
    }
    RepTeams next = new RepTeams();
    next.eventTimes = insert(eventTimes, at, eventTime);
    next.eventIds = insert(eventIds, at, eventId);
    next.teams = insert(teams, at, team);
    int drop = Math.max(0, next.eventTimes.length - KEPT);
    next.eventTimes = Arrays.copyOfRange(next.eventTimes, drop, next.eventTimes.length);
    next.eventIds = Arrays.copyOfRange(next.eventIds, drop, next.eventIds.length);
    next.teams = Arrays.copyOfRange(next.teams, drop, next.teams.length);
    return next;
  }

  /** The team of the newest version at or before {@code at}, or null. */
  String teamAt(long at) {
    for (int i = eventTimes.length - 1; i >= 0; i--) {
      if (eventTimes[i] <= at) {
        return teams[i];
      }
    }
    return null;
  }

  private static long[] insert(long[] values, int at, long value) {
    long[] next = new long[values.length + 1];
    System.arraycopy(values, 0, next, 0, at);
    next[at] = value;
    System.arraycopy(values, at, next, at + 1, values.length - at);
    return next;
  }

  private static String[] insert(String[] values, int at, String value) {
    String[] next = new String[values.length + 1];
    System.arraycopy(values, 0, next, 0, at);
    next[at] = value;
    System.arraycopy(values, at, next, at + 1, values.length - at);
    return next;
  }
}
