package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.crmpulse.kafka.LoopbackPorts;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.apache.flink.metrics.prometheus.LoopbackPrometheusReporterFactory;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.junit.jupiter.api.Test;

/** Flink's Prometheus reporter as the demo runs it: served on 127.0.0.1, and on nothing else. */
class LoopbackPrometheusReporterTest {
  @Test
  void servesMetricsOnLoopbackOnlyAndFreesThePortOnClose() throws Exception {
    int port = LoopbackPorts.pickFree();
    MetricReporter reporter = new LoopbackPrometheusReporterFactory().createMetricReporter(portProperty(port));
    try {
      HttpResponse<String> page =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);

      List<InetAddress> external = nonLoopbackAddresses();
      assumeThat(external).as("a non-loopback address on this machine").isNotEmpty();
      for (InetAddress address : external) {
        assertThat(accepts(address, port)).as("listens on %s:%d", address.getHostAddress(), port).isFalse();
      }
    } finally {
      reporter.close();
    }
    assertThat(LoopbackPorts.isFree(port)).as("port %d free after close", port).isTrue();
  }

  @Test
  void aMissingPortIsNamed() {
    assertThatThrownBy(() -> new LoopbackPrometheusReporterFactory().createMetricReporter(new Properties()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port");
  }

  @Test
  void aTakenPortIsNamed() throws Exception {
    try (var taken = new java.net.ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName(LoopbackPorts.HOST), 0));
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> new LoopbackPrometheusReporterFactory().createMetricReporter(portProperty(port)))
          .hasMessageContaining("127.0.0.1:" + port);
    }
  }

  private static Properties portProperty(int port) {
    Properties properties = new Properties();
    properties.setProperty(LoopbackPrometheusReporterFactory.ARG_PORT, String.valueOf(port));
    return properties;
  }

  private static List<InetAddress> nonLoopbackAddresses() throws IOException {
    return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
        .toList();
  }

  private static boolean accepts(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
