package io.crmpulse.exporter;

import static io.crmpulse.exporter.Snapshots.NEXT_DAY;
import static io.crmpulse.exporter.Snapshots.T0;
import static io.crmpulse.exporter.Snapshots.T0_DAY;
import static io.crmpulse.exporter.Snapshots.callsToday;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final SeriesStore store = new SeriesStore();
  private final MovableClock clock = new MovableClock(T0);
  private final OperationalMetrics metrics = new OperationalMetrics(store, clock);
  private final MetricsPage page = new MetricsPage(new PrometheusView(store), metrics, clock);
  private MetricsServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void servesBusinessAndOperationalSeriesAtTheClocksNow() throws Exception {
    callsToday("r1", "a", T0_DAY).value(3).applyTo(store);
    metrics.markCaughtUp();
    server = MetricsServer.start("127.0.0.1", 0, page::render);

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .contains("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body())
        .startsWith("# HELP crmpulse_calls_today ")
        .contains("crmpulse_calls_today{rep=\"r1\",team=\"a\"} 3.0\n")
        .contains("crmpulse_exporter_series{state=\"served\"} 1.0\n");

    clock.set(NEXT_DAY);
    assertThat(get("/metrics").body())
        .doesNotContain("crmpulse_calls_today")
        .contains("crmpulse_exporter_series{state=\"served\"} 0.0\n");
  }

  @Test
  void leavesBusinessSeriesOutUntilTheTopicHasBeenRead() throws Exception {
    callsToday("r1", "a", T0_DAY).value(3).applyTo(store);
    server = MetricsServer.start("127.0.0.1", 0, page::render);

    assertThat(get("/metrics").body())
        .doesNotContain("crmpulse_calls_today")
        .contains("crmpulse_exporter_caught_up 0.0\n");
  }

  @Test
  void healthz() throws Exception {
    server = MetricsServer.start("127.0.0.1", 0, page::render);

    HttpResponse<String> response = get("/healthz");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok");
  }

  @Test
  void unknownPathsAndMethods() throws Exception {
    server = MetricsServer.start("127.0.0.1", 0, page::render);

    assertThat(get("/metrics/extra").statusCode()).isEqualTo(404);
    assertThat(get("/").statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(uri("/metrics"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void aFailingRenderGives500AndTheServerKeepsServing() throws Exception {
    // No stack trace: the server logs the failure, and this one is expected.
    AtomicReference<RuntimeException> failure =
        new AtomicReference<>(new RuntimeException("boom", null, false, false) {});
    server =
        MetricsServer.start(
            "127.0.0.1",
            0,
            () -> {
              RuntimeException e = failure.getAndSet(null);
              if (e != null) {
                throw e;
              }
              return "fine\n";
            });

    assertThat(get("/metrics").statusCode()).isEqualTo(500);
    assertThat(get("/metrics").body()).isEqualTo("fine\n");
  }

  @Test
  void bindsLoopbackAndReportsTheFreePortItGot() {
    server = MetricsServer.start("127.0.0.1", 0, page::render);

    assertThat(server.port()).isPositive();
    assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
  }

  @Test
  void aTakenPortFailsWithAMessageNamingIt() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> MetricsServer.start("127.0.0.1", port, page::render))
          .isInstanceOf(ExporterStartException.class)
          .hasMessage(
              "port " + port + " on 127.0.0.1 is already in use; choose another with --port");
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }
}
