package io.crmpulse.jobs.metrics;

import io.crmpulse.events.MetricSnapshot;

/** A write to the snapshot topic: the series key and its new snapshot, or null to remove it. */
public class SeriesUpdate {
  public String key;
  public MetricSnapshot snapshot;

  public SeriesUpdate() {}

  public SeriesUpdate(String key, MetricSnapshot snapshot) {
    this.key = key;
    this.snapshot = snapshot;
  }

  public boolean isRemoval() {
    return snapshot == null;
  }
}
