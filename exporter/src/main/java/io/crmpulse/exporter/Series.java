package io.crmpulse.exporter;

import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One business series as served at some instant: its Prometheus name, labels (sorted by key) and
 * value, plus the event time and period of the snapshot behind it.
 *
 * @param periodStart start of the period the value belongs to, or null for a series without one
 */
public record Series(
    String name,
    SortedMap<String, String> labels,
    double value,
    Instant eventTime,
    Instant periodStart) {

  /** Name first, then labels key by key: the order every render uses. */
  public static final Comparator<Series> ORDER =
      Comparator.comparing(Series::name).thenComparing(Series::labels, Series::compareLabels);

  public Series {
    Objects.requireNonNull(name, "name");
    labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }

  /** Builds the served form of a snapshot's fields. */
  public static Series of(
      String name,
      Map<String, String> labels,
      double value,
      Instant eventTime,
      Instant periodStart) {
    return new Series(name, new TreeMap<>(labels), value, eventTime, periodStart);
  }

  /** Name and labels: what makes two snapshots the same series, whatever their periods. */
  String identity() {
    StringBuilder id = new StringBuilder(name).append('{');
    // Keys and values cannot hold NUL in practice; it separates them unambiguously.
    labels.forEach((k, v) -> id.append(k).append('\0').append(v).append('\0'));
    return id.append('}').toString();
  }

  private static int compareLabels(SortedMap<String, String> a, SortedMap<String, String> b) {
    Iterator<Map.Entry<String, String>> left = a.entrySet().iterator();
    Iterator<Map.Entry<String, String>> right = b.entrySet().iterator();
    while (left.hasNext() && right.hasNext()) {
      Map.Entry<String, String> l = left.next();
      Map.Entry<String, String> r = right.next();
      int byKey = l.getKey().compareTo(r.getKey());
      if (byKey != 0) {
        return byKey;
      }
      int byValue = l.getValue().compareTo(r.getValue());
      if (byValue != 0) {
        return byValue;
      }
    }
    return Boolean.compare(left.hasNext(), right.hasNext());
  }
}
