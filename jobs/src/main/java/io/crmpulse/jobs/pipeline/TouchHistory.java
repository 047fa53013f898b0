package io.crmpulse.jobs.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Every known version of one activity, as a deal or a prospect holds them. */
public class TouchHistory {
  public TouchVersion[] versions = new TouchVersion[0];

  public TouchHistory() {}

  /** This history with {@code more} added, each version once. */
  public TouchHistory merge(TouchVersion[] more) {
    List<TouchVersion> all = new ArrayList<>(Arrays.asList(versions));
    for (TouchVersion v : more) {
      if (all.stream().noneMatch(v::sameVersion)) {
        all.add(v);
      }
    }
    TouchHistory merged = new TouchHistory();
    merged.versions = all.toArray(TouchVersion[]::new);
    return merged;
  }

  /** The version current at {@code at}: the newest with event_time at or before it, or null. */
  public TouchVersion currentAt(long at) {
    TouchVersion current = null;
    for (TouchVersion v : versions) {
      if (v.eventTime <= at && (current == null || v.after(current))) {
        current = v;
      }
    }
    return current;
  }
}
