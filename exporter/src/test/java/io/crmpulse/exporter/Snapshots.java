package io.crmpulse.exporter;

import io.crmpulse.contract.SeriesKey;
import io.crmpulse.events.MetricSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test fixtures: fixed instants and a builder of snapshots with their keys. */
final class Snapshots {
  /** 09:00 UTC on a Tuesday; in Stockholm (UTC+1) the local day started at T0_DAY. */
  static final Instant T0 = Instant.parse("2026-03-10T09:00:00Z");

  /** Midnight of 2026-03-10 in Europe/Stockholm. */
  static final Instant T0_DAY = Instant.parse("2026-03-09T23:00:00Z");

  static final Instant NEXT_DAY = T0_DAY.plus(Duration.ofDays(1));

  private final String name;
  private final Map<String, String> labels = new LinkedHashMap<>();
  private double value;
  private long version = 1;
  private Instant eventTime = T0;
  private Instant periodStart;
  private Instant periodEnd;

  private Snapshots(String name) {
    this.name = name;
  }

  static Snapshots series(String name) {
    return new Snapshots(name);
  }

  /** A {@code crmpulse_calls_today} for one rep on the local day starting at {@code dayStart}. */
  static Snapshots callsToday(String rep, String team, Instant dayStart) {
    return series("crmpulse_calls_today")
        .label("rep", rep)
        .label("team", team)
        .period(dayStart, dayStart.plus(Duration.ofDays(1)));
  }

  Snapshots label(String key, String labelValue) {
    labels.put(key, labelValue);
    return this;
  }

  Snapshots value(double newValue) {
    this.value = newValue;
    return this;
  }

  Snapshots version(long newVersion) {
    this.version = newVersion;
    return this;
  }

  Snapshots eventTime(Instant newEventTime) {
    this.eventTime = newEventTime;
    return this;
  }

  Snapshots period(Instant start, Instant end) {
    this.periodStart = start;
    this.periodEnd = end;
    return this;
  }

  MetricSnapshot build() {
    return MetricSnapshot.newBuilder()
        .setName(name)
        .setLabels(new LinkedHashMap<>(labels))
        .setValue(value)
        .setEventTime(eventTime)
        .setVersion(version)
        .setPeriodStart(periodStart)
        .setPeriodEnd(periodEnd)
        .build();
  }

  /** The Kafka key the job writes this snapshot under. */
  String key() {
    return SeriesKey.of(name, labels, periodStart);
  }

  /** Applies the snapshot to {@code store} under its key. */
  ApplyOutcome applyTo(SeriesStore store) {
    return store.apply(key(), build());
  }
}
