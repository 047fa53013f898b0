package io.crmpulse.exporter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The exporter's own health series, in a registry apart from the business series so that {@code
 * replay} output never contains them. Monitor-health alerts (no data, rejected snapshots) read
 * these.
 */
public final class OperationalMetrics {
  /** Gauge {@code crmpulse_exporter_series{state}}: keys held and series served. */
  public static final String SERIES = "crmpulse.exporter.series";

  /** Counter {@code crmpulse_exporter_snapshots_total{outcome}}: topic records applied. */
  public static final String SNAPSHOTS = "crmpulse.exporter.snapshots";

  /** Counter {@code crmpulse_exporter_rejected_snapshots_total}: undecodable or invalid records. */
  public static final String REJECTED = "crmpulse.exporter.rejected.snapshots";

  /** Gauge {@code crmpulse_exporter_newest_event_timestamp_seconds}. */
  public static final String NEWEST_EVENT = "crmpulse.exporter.newest.event.timestamp";

  /** Gauge {@code crmpulse_exporter_data_age_seconds}. */
  public static final String DATA_AGE = "crmpulse.exporter.data.age";

  /** Gauge {@code crmpulse_exporter_caught_up}. */
  public static final String CAUGHT_UP = "crmpulse.exporter.caught.up";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<ApplyOutcome, Counter> applied = new EnumMap<>(ApplyOutcome.class);
  private final Counter rejected;
  private volatile boolean caughtUp;

  public OperationalMetrics(SeriesStore store, Clock clock) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(clock, "clock");
    Gauge.builder(SERIES, store, SeriesStore::heldCount)
        .tag("state", "held")
        .description(
            "Series the exporter holds (held: every key of the snapshot topic, past periods"
                + " included) and serves now (served).")
        .register(registry);
    Gauge.builder(SERIES, store, s -> s.servedCount(clock.instant()))
        .tag("state", "served")
        .description(
            "Series the exporter holds (held: every key of the snapshot topic, past periods"
                + " included) and serves now (served).")
        .register(registry);
    for (ApplyOutcome outcome : ApplyOutcome.values()) {
      applied.put(
          outcome,
          Counter.builder(SNAPSHOTS)
              .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
              .description(
                  "Records of the snapshot topic applied, by outcome: stored (new value), stale"
                      + " (version not above the one held), removed/absent (tombstone).")
              .register(registry));
    }
    rejected =
        Counter.builder(REJECTED)
            .description(
                "Records of the snapshot topic that could not be decoded or were invalid; they"
                    + " are skipped and logged.")
            .register(registry);
    Gauge.builder(
            NEWEST_EVENT,
            store,
            s -> s.newestEventTime().map(OperationalMetrics::seconds).orElse(0.0))
        .baseUnit("seconds")
        .description(
            "Greatest event_time among the snapshots received, in Unix seconds; 0 before the"
                + " first.")
        .register(registry);
    Gauge.builder(DATA_AGE, store, s -> dataAgeSeconds(s.newestEventTime(), clock.instant()))
        .baseUnit("seconds")
        .description(
            "Seconds from the greatest event_time received to now; +Inf before the first"
                + " snapshot, so a no-data alert fires on an empty topic too.")
        .register(registry);
    Gauge.builder(CAUGHT_UP, this, m -> m.caughtUp ? 1 : 0)
        .description(
            "1 once the snapshot topic has been read up to the end it had at start; business"
                + " series are served only from then on.")
        .register(registry);
  }

  /** Counts one topic record applied to the store. */
  public void recordApplied(ApplyOutcome outcome) {
    applied.get(outcome).increment();
  }

  /** Counts one record that could not be decoded or was invalid. */
  public void recordRejected() {
    rejected.increment();
  }

  /** Notes that the topic has been read up to the end it had when reading started. */
  public void markCaughtUp() {
    caughtUp = true;
  }

  public boolean caughtUp() {
    return caughtUp;
  }

  /** Count of records applied with {@code outcome} so far. */
  public long appliedCount(ApplyOutcome outcome) {
    return (long) applied.get(outcome).count();
  }

  public long rejectedCount() {
    return (long) rejected.count();
  }

  /** The operational series as a Prometheus text scrape body. */
  public String scrape() {
    return registry.scrape();
  }

  /**
   * The value of {@code crmpulse_exporter_data_age_seconds}: seconds from the newest event time to
   * now, millisecond precision; +Inf before the first snapshot. The wall shows the same figure.
   */
  static double dataAgeSeconds(Optional<Instant> newestEventTime, Instant now) {
    return newestEventTime
        .map(newest -> Duration.between(newest, now).toMillis() / 1000.0)
        .orElse(Double.POSITIVE_INFINITY);
  }

  private static double seconds(Instant instant) {
    return instant.toEpochMilli() / 1000.0;
  }
}
