package io.crmpulse.jobs.activity;

import io.crmpulse.contract.Metric;
import io.crmpulse.events.MetricSnapshot;
import io.crmpulse.jobs.metrics.PublishedSeries;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A rep's series over rolling windows (now - window, now]: outbound calls (1 h, 7 d, 30 d),
 * connected outbound calls and the contact ratio (7 d), opportunities created and opportunities
 * per 1000 calls (30 d). Their values change with time alone, so {@link #nextChange} says when.
 */
final class WindowSeries {
  static final long HOUR = Duration.ofHours(1).toMillis();
  static final long WEEK = Duration.ofDays(7).toMillis();
  static final long MONTH = Duration.ofDays(30).toMillis();

  private WindowSeries() {}

  static void add(Map<String, MetricSnapshot> desired, Map<String, String> labels, long now,
      Iterable<Contribution> contributions) {
    Count calls1h = new Count();
    Count calls7d = new Count();
    Count calls30d = new Count();
    Count connected7d = new Count();
    Count created30d = new Count();
    for (Contribution c : contributions) {
      if (c.has(ActivityKinds.OUTBOUND_CALL)) {
        calls1h.addIfWithin(c, now, HOUR);
        calls7d.addIfWithin(c, now, WEEK);
        calls30d.addIfWithin(c, now, MONTH);
      }
      if (c.has(ActivityKinds.OUTBOUND_CALL_CONNECTED)) {
        connected7d.addIfWithin(c, now, WEEK);
      }
      if (c.has(ActivityKinds.OPPORTUNITY)) {
        created30d.addIfWithin(c, now, MONTH);
      }
    }
    put(desired, Metric.OUTBOUND_CALLS, labels, "1h", calls1h);
    put(desired, Metric.OUTBOUND_CALLS, labels, "7d", calls7d);
    put(desired, Metric.OUTBOUND_CALLS, labels, "30d", calls30d);
    put(desired, Metric.CONNECTED_OUTBOUND_CALLS, labels, "7d", connected7d);
    put(desired, Metric.OPPORTUNITIES_CREATED, labels, "30d", created30d);
    // Ratios need a denominator, not a numerator: 0 connected of 12 calls is a ratio of 0.
    if (calls7d.count > 0) {
      PublishedSeries.put(desired, Metric.CONTACT_RATIO.seriesName(), window(labels, "7d"),
          (double) connected7d.count / calls7d.count,
          Math.max(calls7d.newest, connected7d.newest), null, null);
    }
    if (calls30d.count > 0) {
      PublishedSeries.put(desired, Metric.OPPORTUNITIES_PER_1000_CALLS.seriesName(),
          window(labels, "30d"), 1000.0 * created30d.count / calls30d.count,
          Math.max(calls30d.newest, created30d.newest), null, null);
    }
  }

  /** The first instant after {@code now} at which a contribution enters or leaves a window. */
  static long nextChange(long now, Iterable<Contribution> contributions) {
    long next = Long.MAX_VALUE;
    for (Contribution c : contributions) {
      if (c.has(ActivityKinds.OUTBOUND_CALL)) {
        next = Math.min(next, change(c.occurredAt, now, HOUR));
        next = Math.min(next, change(c.occurredAt, now, MONTH));
        // The 7 d windows of calls and connected calls share their instants.
        next = Math.min(next, change(c.occurredAt, now, WEEK));
      }
      if (c.has(ActivityKinds.OPPORTUNITY)) {
        next = Math.min(next, change(c.occurredAt, now, MONTH));
      }
    }
    return next;
  }

  /** A future-dated instant enters at itself; one in the window leaves at itself + window. */
  private static long change(long at, long now, long window) {
    if (at > now) {
      return at;
    }
    return at + window > now ? at + window : Long.MAX_VALUE;
  }

  private static void put(Map<String, MetricSnapshot> desired, Metric metric,
      Map<String, String> labels, String window, Count count) {
    if (count.count > 0) {
      PublishedSeries.put(desired, metric.seriesName(), window(labels, window), count.count,
          count.newest, null, null);
    }
  }

  private static Map<String, String> window(Map<String, String> labels, String window) {
    Map<String, String> with = new HashMap<>(labels);
    with.put(Metric.WINDOW, window);
    return with;
  }

  /** How many contributions fall in one window, and the newest event behind them. */
  private static final class Count {
    long count;
    long newest = Long.MIN_VALUE;

    void addIfWithin(Contribution c, long now, long window) {
      if (c.occurredAt > now - window && c.occurredAt <= now) {
        count++;
        newest = Math.max(newest, c.eventTime);
      }
    }
  }
}
