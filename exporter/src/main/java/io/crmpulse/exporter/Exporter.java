package io.crmpulse.exporter;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running exporter: a {@link SnapshotConsumer} filling a {@link SeriesStore} from the snapshot
 * topic, and a {@link MetricsServer} serving it as {@code /metrics} and as the built-in {@link
 * Wall}. Holds no state of its own that outlives it: a restart rebuilds everything from the
 * compacted topic.
 */
public final class Exporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final SeriesStore store;
  private final OperationalMetrics metrics;
  private final MetricsPage page;
  private final MetricsServer server;
  private final SnapshotConsumer consumer;
  private final Thread consumerThread;
  private boolean closed;

  private Exporter(
      SeriesStore store,
      OperationalMetrics metrics,
      MetricsPage page,
      MetricsServer server,
      SnapshotConsumer consumer) {
    this.store = store;
    this.metrics = metrics;
    this.page = page;
    this.server = server;
    this.consumer = consumer;
    this.consumerThread = new Thread(consumer, "crmpulse-exporter-consumer");
    consumerThread.setDaemon(true);
  }

  /**
   * Binds the HTTP port, then starts reading the topic.
   *
   * @param clock "now" for periods and data age; {@code Clock.fixed} in tests
   * @throws ExporterStartException if the port cannot be bound
   */
  public static Exporter start(ExporterSettings settings, Clock clock) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    SeriesStore store = new SeriesStore();
    OperationalMetrics metrics = new OperationalMetrics(store, clock);
    MetricsPage page = new MetricsPage(new PrometheusView(store), metrics, clock);
    Wall wall = new Wall(store, metrics, clock);
    // The port first: a taken port must fail before any Kafka connection is made.
    MetricsServer server =
        MetricsServer.start(settings.host(), settings.port(), page::render, wall);
    SnapshotConsumer consumer;
    try {
      consumer =
          new SnapshotConsumer(
              settings.bootstrapServers(),
              settings.topic(),
              settings.kafkaProperties(),
              store,
              metrics);
    } catch (RuntimeException e) {
      server.close();
      throw new ExporterStartException("cannot create the Kafka consumer: " + e.getMessage(), e);
    }
    Exporter exporter = new Exporter(store, metrics, page, server, consumer);
    exporter.consumerThread.start();
    LOG.info(
        "exporter serving http://{}:{}/metrics (wall: /wall) from topic {} at {}",
        settings.host(),
        server.port(),
        settings.topic(),
        settings.bootstrapServers());
    return exporter;
  }

  /** The HTTP port bound. */
  public int port() {
    return server.port();
  }

  /** The store being filled, for inspection. */
  public SeriesStore store() {
    return store;
  }

  /** The exporter's operational figures. */
  public OperationalMetrics metrics() {
    return metrics;
  }

  /** What {@code GET /metrics} would answer now. */
  public String scrape() {
    return page.render();
  }

  /** Stops reading and serving; waits briefly for the consumer thread. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    consumer.close();
    server.close();
    try {
      consumerThread.join(STOP_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (consumerThread.isAlive()) {
      LOG.warn("snapshot consumer did not stop within {}", STOP_TIMEOUT);
    }
  }
}
