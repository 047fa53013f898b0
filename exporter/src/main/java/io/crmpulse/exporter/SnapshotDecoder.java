package io.crmpulse.exporter;

import io.crmpulse.contract.AvroWire;
import io.crmpulse.events.MetricSnapshot;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.avro.message.BinaryMessageDecoder;

/**
 * Turns the value bytes of a snapshot record into a {@link MetricSnapshot} fit to serve. Besides
 * decoding, it checks names against Prometheus' grammar: one bad name reaching the registry would
 * make every scrape fail, not only that series. Not thread-safe (one per consumer thread).
 */
final class SnapshotDecoder {
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** Suffixes the Prometheus client strips from a gauge's name: the series would be renamed. */
  private static final List<String> RESERVED_SUFFIXES =
      List.of("_total", "_created", "_bucket", "_info");

  private final BinaryMessageDecoder<MetricSnapshot> decoder =
      AvroWire.decoder(MetricSnapshot.getClassSchema());

  MetricSnapshot decode(byte[] value) throws RejectedSnapshotException {
    MetricSnapshot snapshot;
    try {
      snapshot = decoder.decode(value);
    } catch (IOException | RuntimeException e) {
      if (causedBySecurityCheck(e)) {
        // Avro 1.12.2 trusts no generated package by default; every record would fail alike.
        throw new RejectedSnapshotException(
            "Avro refuses to decode into io.crmpulse.events; start the JVM with"
                + " -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.crmpulse.events",
            e);
      }
      throw new RejectedSnapshotException(
          "not a MetricSnapshot in Avro single-object encoding: " + e, e);
    }
    validate(snapshot);
    return snapshot;
  }

  private static boolean causedBySecurityCheck(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SecurityException) {
        return true;
      }
    }
    return false;
  }

  static void validate(MetricSnapshot snapshot) throws RejectedSnapshotException {
    if (!METRIC_NAME.matcher(snapshot.getName()).matches()) {
      throw new RejectedSnapshotException("invalid series name '" + snapshot.getName() + "'");
    }
    for (String suffix : RESERVED_SUFFIXES) {
      if (snapshot.getName().endsWith(suffix)) {
        throw new RejectedSnapshotException(
            "series name '"
                + snapshot.getName()
                + "' ends with the reserved suffix "
                + suffix
                + ", which the Prometheus client would strip");
      }
    }
    for (Map.Entry<String, String> label : snapshot.getLabels().entrySet()) {
      if (!LABEL_NAME.matcher(label.getKey()).matches() || label.getKey().startsWith("__")) {
        throw new RejectedSnapshotException(
            "invalid label name '" + label.getKey() + "' on " + snapshot.getName());
      }
    }
    if (snapshot.getLabels().containsValue(null)) {
      throw new RejectedSnapshotException("null label value on " + snapshot.getName());
    }
    if (snapshot.getPeriodStart() != null
        && snapshot.getPeriodEnd() != null
        && !snapshot.getPeriodStart().isBefore(snapshot.getPeriodEnd())) {
      throw new RejectedSnapshotException(
          "empty period ["
              + snapshot.getPeriodStart()
              + ", "
              + snapshot.getPeriodEnd()
              + ") on "
              + snapshot.getName());
    }
  }
}
