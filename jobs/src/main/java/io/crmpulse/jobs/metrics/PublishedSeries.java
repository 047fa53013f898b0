package io.crmpulse.jobs.metrics;

import io.crmpulse.contract.SeriesKey;
import io.crmpulse.events.MetricSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;

/**
 * The series one key of an aggregator has published, kept in keyed state, so that publishing the
 * full desired set writes only what changed: new or changed values as snapshots, and vanished
 * series as removals. Versions come from the processing-time clock and never go backwards, even
 * after a restore from an older checkpoint.
 */
public final class PublishedSeries {
  private final MapState<String, Published> published;

  public PublishedSeries(MapState<String, Published> published) {
    this.published = published;
  }

  public static MapStateDescriptor<String, Published> descriptor() {
    return new MapStateDescriptor<>("published-series", Types.STRING, Types.POJO(Published.class));
  }

  /** Publishes {@code desired} (series key to snapshot without version) as the whole truth. */
  public int publish(Map<String, MetricSnapshot> desired, long processingTime,
      Collector<SeriesUpdate> out) throws Exception {
    int written = 0;
    List<String> vanished = new ArrayList<>();
    for (Map.Entry<String, Published> entry : published.entries()) {
      if (!desired.containsKey(entry.getKey())) {
        vanished.add(entry.getKey());
      }
    }
    for (String key : vanished) {
      published.remove(key);
      out.collect(new SeriesUpdate(key, null));
      written++;
    }
    for (Map.Entry<String, MetricSnapshot> entry : desired.entrySet()) {
      Published held = published.get(entry.getKey());
      MetricSnapshot snapshot = entry.getValue();
      if (held != null && held.value == snapshot.getValue()) {
        continue;
      }
      long version = held == null ? processingTime : Math.max(processingTime, held.version + 1);
      snapshot.setVersion(version);
      published.put(entry.getKey(), new Published(snapshot.getValue(), version));
      out.collect(new SeriesUpdate(entry.getKey(), snapshot));
      written++;
    }
    return written;
  }

  /** Adds a snapshot of one series to {@code desired}, keyed as the snapshot topic keys it. */
  public static void put(Map<String, MetricSnapshot> desired, String name,
      Map<String, String> labels, double value, long eventTime, Instant periodStart,
      Instant periodEnd) {
    desired.put(SeriesKey.of(name, labels, periodStart), MetricSnapshot.newBuilder()
        .setName(name)
        .setLabels(new HashMap<>(labels))
        .setValue(value)
        .setEventTime(Instant.ofEpochMilli(eventTime))
        .setVersion(0)
        .setPeriodStart(periodStart)
        .setPeriodEnd(periodEnd)
        .build());
  }

  /** What was last written for one series. */
  public static class Published {
    public double value;
    public long version;

    public Published() {}

    Published(double value, long version) {
      this.value = value;
      this.version = version;
    }
  }
}
