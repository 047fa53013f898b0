package io.crmpulse.jobs.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A deal as of one instant, derived from scratch from what is held about it: its versions (in
 * version order), the occurred_at of every completed activity linked to it, and its snoozes. Pure
 * and cheap enough to recompute on every change, so live and replay share one definition.
 */
final class DealView {
  static final String NEGLECTED = "neglected";
  static final String STALLED = "stalled";
  private static final long DAY = Duration.ofDays(1).toMillis();
  static final long WINDOW_30D = Duration.ofDays(30).toMillis();
  static final long WINDOW_90D = DealSettings.LONGEST_WINDOW.toMillis();

  final long at;
  /** The newest version, null before the first. */
  final DealVersion current;
  /** The newest version that is not a deletion: what an alert about a deleted deal names. */
  final DealVersion lastKnown;
  final long runStart;
  final long lastTouch;
  final boolean neglected;
  final boolean stalled;
  /** Open, with enough touches in the busy window, in a stage entered before the window began. */
  final boolean busy;
  final List<StageExit> exits;
  /** Instants after which the touches change: versions taking effect, calls coming into the past. */
  private final List<Long> touchTimes;
  private final Iterable<SnoozeVersion> snoozes;
  private final long neglectDue;
  private final long stallDue;
  /** When the stage entry is a whole busy window back: the deal may be busy from then on. */
  private final long busyFrom;

  private final long thresholdsChangeAt;

  /** The median days in a stage as of a midnight, in milliseconds; null with no exit. */
  @FunctionalInterface
  interface Medians {
    Medians NONE = (stage, midnight) -> null;

    java.math.BigDecimal medianMillis(String stage, long midnight) throws Exception;
  }

  private DealView(long at, String dealId, List<DealVersion> versions,
      Iterable<TouchHistory> touches, Iterable<SnoozeVersion> snoozes, String teamToday,
      Medians medians, DealSettings settings) throws Exception {
    this.at = at;
    this.snoozes = snoozes;
    this.current = versions.isEmpty() ? null : versions.get(versions.size() - 1);
    DealVersion known = null;
    for (DealVersion v : versions) {
      known = v.deleted ? known : v;
    }
    this.lastKnown = known;
    this.exits = new ArrayList<>();
    this.runStart = runsAndExits(versions, settings, exits);
    this.touchTimes = new ArrayList<>();
    boolean open = current != null && current.isOpen();
    long busyWindow = settings.busyWindow().toMillis();
    long touched = Long.MIN_VALUE;
    int recentTouches = 0;
    for (TouchHistory activity : touches) {
      for (TouchVersion v : activity.versions) {
        touchTimes.add(v.eventTime);
        if (v.touches && dealId.equals(v.dealId)) {
          touchTimes.add(v.occurredAt);
          if (open) {
            // The instant the touch leaves the busy window (now - window, now].
            touchTimes.add(v.occurredAt + busyWindow);
          }
        }
      }
      TouchVersion current = activity.currentAt(at);
      if (current != null && current.touches && dealId.equals(current.dealId)
          && current.occurredAt <= at) {
        touched = Math.max(touched, current.occurredAt);
        if (current.occurredAt > at - busyWindow) {
          recentTouches++;
        }
      }
    }
    if (touched == Long.MIN_VALUE && current != null) {
      touched = lastKnown != null && lastKnown.createdAt != null
          ? lastKnown.createdAt : versions.get(0).eventTime;
    }
    this.lastTouch = touched;
    // The busy window is calendar time, also with business days (see DealSettings).
    this.busyFrom = open ? runStart + busyWindow : Long.MAX_VALUE;
    this.busy = open && at >= busyFrom && recentTouches >= settings.busyTouches();
    this.neglectDue = open
        ? due(settings, lastTouch, settings.neglectAfter(current.stage, teamToday)) : Long.MAX_VALUE;
    this.stallDue = open
        ? due(settings, runStart, stallAfter(settings, current.stage, teamToday, medians))
        : Long.MAX_VALUE;
    // Team and median thresholds change at midnights only.
    this.thresholdsChangeAt = open && (settings.byTeam() || settings.byMedian())
        ? settings.time().nextDayStart(at) : Long.MAX_VALUE;
    this.neglected = at >= neglectDue;
    this.stalled = at >= stallDue;
  }

  /** @param teamToday the owner's team at the start of the day of {@code at}, for team thresholds */
  static DealView at(long at, String dealId, List<DealVersion> versions,
      Iterable<TouchHistory> touches, Iterable<SnoozeVersion> snoozes, String teamToday,
      DealSettings settings) throws Exception {
    return at(at, dealId, versions, touches, snoozes, teamToday, Medians.NONE, settings);
  }

  /** @param medians the stages' medians, for stall thresholds that are a multiple of one */
  static DealView at(long at, String dealId, List<DealVersion> versions,
      Iterable<TouchHistory> touches, Iterable<SnoozeVersion> snoozes, String teamToday,
      Medians medians, DealSettings settings) throws Exception {
    return new DealView(at, dealId, versions, touches, snoozes, teamToday, medians, settings);
  }

  private Duration stallAfter(DealSettings settings, String stage, String team, Medians medians)
      throws Exception {
    if (settings.stallMultiple(stage, team) == null) {
      return settings.stallAfter(stage, team);
    }
    return settings.stallAfter(stage, team,
        medians.medianMillis(stage, settings.time().dayStart(at)));
  }

  /** No version yet, or deleted: the deal counts nowhere. */
  boolean gone() {
    return current == null || current.deleted;
  }

  boolean isOpen() {
    return current != null && current.isOpen();
  }

  boolean has(String status) {
    return current != null && !current.deleted && status.equals(current.status);
  }

  /** Won or lost with the close instant in (at - window, at]. */
  boolean closedWithin(String status, long window) {
    return has(status) && runStart <= at && runStart > at - window;
  }

  boolean exitCounts(StageExit exit) {
    return exit.at <= at && exit.at > at - WINDOW_90D;
  }

  boolean condition(String kind) {
    return kind.equals(NEGLECTED) ? neglected : stalled;
  }

  /** What an episode of {@code kind} counts from: the last touch, or the stage entry. */
  long basis(String kind) {
    return kind.equals(NEGLECTED) ? lastTouch : runStart;
  }

  /** The snooze that silences {@code kind} now and lasts longest, or null. */
  SnoozeVersion snoozeOf(String kind) {
    SnoozeVersion longest = null;
    for (SnoozeVersion snooze : snoozes) {
      if (snooze.covers(kind, at) && (longest == null || snooze.until > longest.until
          || (snooze.until == longest.until && snooze.id.compareTo(longest.id) > 0))) {
        longest = snooze;
      }
    }
    return longest;
  }

  /**
   * The next instant after {@code at} at which the deal changes with time alone: a threshold
   * crossed, a touch or a version coming into the past, a touch leaving the busy window, a snooze
   * ending, a window passing.
   */
  long nextChange() {
    long next = Long.MAX_VALUE;
    next = later(next, neglectDue);
    next = later(next, stallDue);
    next = later(next, thresholdsChangeAt);
    next = later(next, busyFrom);
    for (long t : touchTimes) {
      next = later(next, t);
    }
    for (SnoozeVersion snooze : snoozes) {
      next = later(next, snooze.deleted ? Long.MAX_VALUE : snooze.until);
    }
    if (!gone() && !isOpen()) {
      next = later(next, runStart);
      next = later(next, runStart + WINDOW_30D);
      next = later(next, runStart + WINDOW_90D);
    }
    for (StageExit exit : exits) {
      next = later(next, exit.at);
      next = later(next, exit.at + WINDOW_90D);
    }
    return next;
  }

  /** When nothing about the deal can change any more: deleted, or closed and out of every window. */
  long finishedAt() {
    if (current == null) {
      return Long.MIN_VALUE;
    }
    if (current.deleted || isOpen()) {
      return current.deleted ? current.eventTime : Long.MAX_VALUE;
    }
    long last = runStart;
    for (StageExit exit : exits) {
      last = Math.max(last, exit.at);
    }
    return last + WINDOW_90D;
  }

  private long later(long next, long candidate) {
    return candidate > at && candidate < next ? candidate : next;
  }

  private static long due(DealSettings settings, long basis, Duration threshold) {
    return settings.time().firstBeyond(Instant.ofEpochMilli(basis), threshold).toEpochMilli();
  }

  /** The stage exits of a deal with these versions (in version order), at any instant. */
  static List<StageExit> exitsOf(List<DealVersion> versions, DealSettings settings) {
    List<StageExit> exits = new ArrayList<>();
    runsAndExits(versions, settings, exits);
    return exits;
  }

  /**
   * Splits the versions into runs of one state (a stage while open, a status once closed, a
   * deletion), records the exits between them, and returns the start of the last run.
   */
  private static long runsAndExits(List<DealVersion> versions, DealSettings settings,
      List<StageExit> exits) {
    long start = Long.MIN_VALUE;
    DealVersion runFirst = null;
    for (DealVersion v : versions) {
      if (runFirst != null && sameRun(runFirst, v)) {
        continue;
      }
      if (runFirst != null && runFirst.isOpen() && !v.deleted
          && (v.isOpen() || "won".equals(v.status) || "lost".equals(v.status))) {
        exits.add(new StageExit(runFirst.stage, outcome(runFirst, v, settings), v.eventTime, start));
      }
      runFirst = v;
      start = v.eventTime;
    }
    return start;
  }

  private static boolean sameRun(DealVersion a, DealVersion b) {
    if (a.deleted || b.deleted) {
      return a.deleted && b.deleted;
    }
    return a.isOpen() ? b.isOpen() && a.stage.equals(b.stage) : a.status.equals(b.status);
  }

  private static String outcome(DealVersion from, DealVersion to, DealSettings settings) {
    if (!to.isOpen()) {
      return to.status;
    }
    int a = settings.order(from.stage);
    int b = settings.order(to.stage);
    return a < 0 || b < 0 ? "other" : b > a ? "advanced" : "back";
  }
}
