package io.crmpulse.jobs.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What other deals need to know about one deal for median stall thresholds: all its stage exits,
 * and the spans of time in which it was deleted (a deleted deal's exits count nowhere). Exits and
 * spans are as of every instant at once: an exit at x is known from x on, so a list that already
 * holds later versions gives the same answer for an earlier midnight.
 */
public class DealExits {
  public String dealId;
  public StageExit[] exits = new StageExit[0];
  /** Deleted from {@code goneFrom[i]} (inclusive) until {@code goneUntil[i]} (exclusive). */
  public long[] goneFrom = new long[0];
  public long[] goneUntil = new long[0];

  public DealExits() {}

  /** From the deal's versions in version order. */
  static DealExits of(String dealId, List<DealVersion> versions, DealSettings settings) {
    DealExits d = new DealExits();
    d.dealId = dealId;
    d.exits = DealView.exitsOf(versions, settings).toArray(StageExit[]::new);
    List<long[]> spans = new ArrayList<>();
    long from = Long.MIN_VALUE;
    boolean gone = false;
    for (DealVersion v : versions) {
      if (v.deleted && !gone) {
        from = v.eventTime;
      } else if (!v.deleted && gone) {
        spans.add(new long[] {from, v.eventTime});
      }
      gone = v.deleted;
    }
    if (gone) {
      spans.add(new long[] {from, Long.MAX_VALUE});
    }
    d.goneFrom = spans.stream().mapToLong(s -> s[0]).toArray();
    d.goneUntil = spans.stream().mapToLong(s -> s[1]).toArray();
    return d;
  }

  /** Whether the deal's current version at {@code at} is a deletion. */
  boolean goneAt(long at) {
    for (int i = 0; i < goneFrom.length; i++) {
      if (goneFrom[i] <= at && at < goneUntil[i]) {
        return true;
      }
    }
    return false;
  }

  /** The same, without the exits at or before {@code cutoff}; null when none is left. */
  DealExits after(long cutoff) {
    StageExit[] kept = Arrays.stream(exits).filter(e -> e.at > cutoff).toArray(StageExit[]::new);
    if (kept.length == 0) {
      return null;
    }
    if (kept.length == exits.length) {
      return this;
    }
    DealExits d = new DealExits();
    d.dealId = dealId;
    d.exits = kept;
    d.goneFrom = goneFrom;
    d.goneUntil = goneUntil;
    return d;
  }

  /** Same exits and spans: no need to tell anyone. */
  boolean sameAs(DealExits other) {
    if (other == null || exits.length != other.exits.length
        || !Arrays.equals(goneFrom, other.goneFrom) || !Arrays.equals(goneUntil, other.goneUntil)) {
      return false;
    }
    for (int i = 0; i < exits.length; i++) {
      StageExit a = exits[i];
      StageExit b = other.exits[i];
      if (a.at != b.at || a.entered != b.entered || !a.stage.equals(b.stage)) {
        return false;
      }
    }
    return true;
  }
}
