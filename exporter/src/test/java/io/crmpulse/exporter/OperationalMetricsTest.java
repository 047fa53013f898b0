package io.crmpulse.exporter;

import static io.crmpulse.exporter.Snapshots.T0;
import static io.crmpulse.exporter.Snapshots.T0_DAY;
import static io.crmpulse.exporter.Snapshots.callsToday;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperationalMetricsTest {
  private final SeriesStore store = new SeriesStore();
  private final OperationalMetrics metrics =
      new OperationalMetrics(store, Clock.fixed(T0.plusSeconds(90), ZoneOffset.UTC));

  @Test
  void beforeAnySnapshotDataAgeIsInfiniteAndNothingIsServed() {
    assertThat(metrics.scrape())
        .contains("crmpulse_exporter_data_age_seconds +Inf\n")
        .contains("crmpulse_exporter_newest_event_timestamp_seconds 0.0\n")
        .contains("crmpulse_exporter_series{state=\"held\"} 0.0\n")
        .contains("crmpulse_exporter_series{state=\"served\"} 0.0\n")
        .contains("crmpulse_exporter_caught_up 0.0\n");
  }

  @Test
  void reportsWhatTheStoreHoldsAndWhatWasApplied() {
    metrics.recordApplied(callsToday("r1", "a", T0_DAY).eventTime(T0).applyTo(store));
    metrics.recordApplied(callsToday("r1", "a", T0_DAY).eventTime(T0).applyTo(store));
    metrics.recordApplied(callsToday("r2", "a", T0_DAY.minusSeconds(86_400)).applyTo(store));
    metrics.recordApplied(store.apply("gone", null));
    metrics.recordRejected();
    metrics.markCaughtUp();

    assertThat(metrics.scrape())
        .contains("crmpulse_exporter_series{state=\"held\"} 2.0\n")
        .contains("crmpulse_exporter_series{state=\"served\"} 1.0\n")
        .contains("crmpulse_exporter_snapshots_total{outcome=\"stored\"} 2.0\n")
        .contains("crmpulse_exporter_snapshots_total{outcome=\"stale\"} 1.0\n")
        .contains("crmpulse_exporter_snapshots_total{outcome=\"absent\"} 1.0\n")
        .contains("crmpulse_exporter_rejected_snapshots_total 1.0\n")
        .contains("crmpulse_exporter_newest_event_timestamp_seconds 1.7731332E9\n")
        .contains("crmpulse_exporter_data_age_seconds 90.0\n")
        .contains("crmpulse_exporter_caught_up 1.0\n");
  }

  @Test
  void everyOperationalFamilyHasHelpText() {
    List<String> families =
        metrics
            .scrape()
            .lines()
            .filter(l -> l.startsWith("# TYPE "))
            .map(l -> l.split(" ")[2])
            .toList();
    List<String> helped =
        metrics
            .scrape()
            .lines()
            .filter(l -> l.startsWith("# HELP ") && !l.split(" ", 4)[3].isBlank())
            .map(l -> l.split(" ")[2])
            .toList();

    assertThat(families)
        .containsExactlyInAnyOrder(
            "crmpulse_exporter_caught_up",
            "crmpulse_exporter_data_age_seconds",
            "crmpulse_exporter_newest_event_timestamp_seconds",
            "crmpulse_exporter_rejected_snapshots_total",
            "crmpulse_exporter_series",
            "crmpulse_exporter_snapshots_total");
    assertThat(helped).containsExactlyInAnyOrderElementsOf(families);
  }
}
