package org.apache.flink.metrics.prometheus;

import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Properties;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Flink's Prometheus reporter listening on 127.0.0.1 only, for the local MiniCluster of {@code
 * crmpulse demo} and {@code crmpulse job}.
 *
 * <p>Flink's {@link PrometheusReporterFactory} binds every interface and has no host option. This
 * class lives in Flink's package because the collector registry of {@link
 * AbstractPrometheusReporter} is package-private: reusing it keeps every series name and label
 * exactly as Flink's own reporter writes them on a cluster, so one set of alert rules serves both.
 * A Flink upgrade that changes the field breaks the build, not the demo.
 *
 * <p>Configured like Flink's: {@code metrics.reporter.<name>.factory.class} naming this class and
 * {@code metrics.reporter.<name>.port}, one concrete port.
 */
public final class LoopbackPrometheusReporterFactory implements MetricReporterFactory {
  /** The reporter option holding the port. */
  public static final String ARG_PORT = "port";

  /** The address it listens on. */
  public static final String HOST = "127.0.0.1";

  @Override
  public MetricReporter createMetricReporter(Properties properties) {
    String port = properties.getProperty(ARG_PORT);
    if (port == null) {
      throw new IllegalArgumentException("metrics.reporter.<name>." + ARG_PORT + " is not set");
    }
    return new LoopbackPrometheusReporter(Integer.parseInt(port.trim()));
  }

  /** Flink's series and labels, served by one HTTP server on loopback. */
  static final class LoopbackPrometheusReporter extends AbstractPrometheusReporter {
    private final HTTPServer server;

    LoopbackPrometheusReporter(int port) {
      try {
        server = new HTTPServer(new InetSocketAddress(InetAddress.getByName(HOST), port), registry, true);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Flink metrics reporter cannot listen on " + HOST + ":" + port, e);
      }
      log.info("Flink metrics reporter listening on {}:{}", HOST, port);
    }

    @Override
    public void close() {
      server.stop();
      super.close();
    }
  }
}
