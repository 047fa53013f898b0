package io.crmpulse.contract;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Kafka key of a snapshot: the series in Prometheus notation, plus the start of its period
 * for series that hold for one period (a rep's local day), so that each period compacts on its
 * own and a late correction to yesterday never overwrites today.
 */
public final class SeriesKey {
  private SeriesKey() {}

  public static String of(String name, Map<String, String> labels, Instant periodStart) {
    StringBuilder key = new StringBuilder(name).append('{');
    String separator = "";
    for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
      key.append(separator).append(label.getKey()).append("=\"");
      key.append(label.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      separator = ",";
    }
    key.append('}');
    if (periodStart != null) {
      key.append('@').append(periodStart);
    }
    return key.toString();
  }
}
