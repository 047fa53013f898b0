package io.crmpulse.exporter;

import io.crmpulse.contract.Topics;
import java.util.Map;
import java.util.Objects;

/**
 * Where the exporter reads snapshots and where it serves them.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param topic the compacted snapshot topic
 * @param host address the HTTP server binds
 * @param port HTTP port; 0 picks a free one
 * @param kafkaProperties further Kafka consumer settings (security, timeouts); may be empty
 */
public record ExporterSettings(
    String bootstrapServers,
    String topic,
    String host,
    int port,
    Map<String, String> kafkaProperties) {

  public ExporterSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is outside 0..65535");
    }
    kafkaProperties = Map.copyOf(kafkaProperties);
  }

  /** Defaults for everything but the brokers: topic crmpulse.metrics, 127.0.0.1:9464. */
  public static ExporterSettings defaults(String bootstrapServers) {
    return new ExporterSettings(
        bootstrapServers,
        Topics.METRICS,
        MetricsServer.DEFAULT_HOST,
        MetricsServer.DEFAULT_PORT,
        Map.of());
  }

  public ExporterSettings withTopic(String newTopic) {
    return new ExporterSettings(bootstrapServers, newTopic, host, port, kafkaProperties);
  }

  public ExporterSettings withPort(int newPort) {
    return new ExporterSettings(bootstrapServers, topic, host, newPort, kafkaProperties);
  }
}
