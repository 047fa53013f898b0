package io.crmpulse.exporter;

import io.crmpulse.events.MetricSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The latest snapshot of every key of the compacted snapshot topic, and which of them to serve at a
 * given instant. Thread-safe: the consumer thread applies records while HTTP threads read.
 *
 * <p>Only a higher version replaces a held snapshot, so re-reading the topic after a restart, or a
 * snapshot delivered twice, never makes a number go backwards. Snapshots of periodic series (a
 * rep's local day) are served only while their period contains the instant asked about, so a
 * "today" series leaves the output at the rep's midnight even when no snapshot arrives.
 */
public final class SeriesStore {
  private final Map<String, Held> byKey = new HashMap<>();
  private Instant newestEventTime;

  /**
   * Applies one record of the snapshot topic.
   *
   * @param key the record key ({@link io.crmpulse.contract.SeriesKey})
   * @param snapshot the decoded value, or null for a tombstone (the series at that key is gone)
   */
  public synchronized ApplyOutcome apply(String key, MetricSnapshot snapshot) {
    Objects.requireNonNull(key, "key");
    if (snapshot == null) {
      return byKey.remove(key) != null ? ApplyOutcome.REMOVED : ApplyOutcome.ABSENT;
    }
    Held current = byKey.get(key);
    if (current != null && snapshot.getVersion() <= current.version()) {
      return ApplyOutcome.STALE;
    }
    Held held = Held.of(key, snapshot);
    byKey.put(key, held);
    if (newestEventTime == null || held.series().eventTime().isAfter(newestEventTime)) {
      newestEventTime = held.series().eventTime();
    }
    return ApplyOutcome.STORED;
  }

  /**
   * The series to serve at {@code now}, sorted by name and labels: every snapshot without a period
   * and every snapshot whose period [start, end) contains now. Should two periods of one series
   * both contain now, the later-starting one wins.
   */
  public synchronized List<Series> current(Instant now) {
    Map<String, Held> byIdentity = new HashMap<>();
    for (Held held : byKey.values()) {
      if (held.servedAt(now)) {
        byIdentity.merge(held.series().identity(), held, Held::later);
      }
    }
    List<Series> served = new ArrayList<>(byIdentity.size());
    byIdentity.values().forEach(h -> served.add(h.series()));
    served.sort(Series.ORDER);
    return served;
  }

  /** Number of keys held, served or not (old periods stay until the topic tombstones them). */
  public synchronized int heldCount() {
    return byKey.size();
  }

  /** Number of series {@link #current(Instant)} would return at {@code now}. */
  public int servedCount(Instant now) {
    return current(now).size();
  }

  /** The greatest event time among the snapshots stored so far; empty before the first. */
  public synchronized Optional<Instant> newestEventTime() {
    return Optional.ofNullable(newestEventTime);
  }

  /** A held snapshot reduced to what serving needs; immutable, unlike the Avro record. */
  private record Held(String key, Series series, long version, Instant periodEnd) {
    static Held of(String key, MetricSnapshot s) {
      Map<String, String> labels = s.getLabels() == null ? Map.of() : s.getLabels();
      return new Held(
          key,
          Series.of(s.getName(), labels, s.getValue(), s.getEventTime(), s.getPeriodStart()),
          s.getVersion(),
          s.getPeriodEnd());
    }

    boolean servedAt(Instant now) {
      Instant start = series.periodStart();
      return (start == null || !now.isBefore(start))
          && (periodEnd == null || now.isBefore(periodEnd));
    }

    /**
     * Of two snapshots of one series served at the same instant, the later period; then, so that
     * the choice never depends on hash order, the higher version and the greater key.
     */
    static Held later(Held a, Held b) {
      Instant startA = a.series.periodStart();
      Instant startB = b.series.periodStart();
      if (startA == null || startB == null) {
        if (startA != startB) {
          return startA == null ? b : a;
        }
      } else if (!startA.equals(startB)) {
        return startA.isAfter(startB) ? a : b;
      }
      if (a.version != b.version) {
        return a.version > b.version ? a : b;
      }
      return a.key.compareTo(b.key) >= 0 ? a : b;
    }
  }
}
