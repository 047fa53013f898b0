package io.crmpulse.exporter;

import static io.crmpulse.exporter.Snapshots.T0;
import static io.crmpulse.exporter.Snapshots.T0_DAY;
import static io.crmpulse.exporter.Snapshots.callsToday;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The wall's three routes on the exporter's HTTP server, beside an unchanged /metrics. */
class WallServerTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http = HttpClient.newHttpClient();
  private final SeriesStore store = new SeriesStore();
  private final MovableClock clock = new MovableClock(T0);
  private final OperationalMetrics metrics = new OperationalMetrics(store, clock);
  private final MetricsPage page = new MetricsPage(new PrometheusView(store), metrics, clock);
  private final Wall wall = new Wall(store, metrics, clock);
  private MetricsServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void servesTheSelfContainedPageUnderAPolicyThatAllowsOnlyItsOwnInlineCode() throws Exception {
    server = MetricsServer.start("127.0.0.1", 0, page::render, wall);

    HttpResponse<String> response = get("/wall");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    String html = response.body();
    assertThat(html).startsWith("<!doctype html>").contains("/wall/events").contains("/wall/data");
    // Nothing from elsewhere: no external script, style, font or image.
    assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("src=");
    assertThat(html).doesNotContain("innerHTML").doesNotContain("insertAdjacentHTML");
    assertThat(response.headers().firstValue("Content-Security-Policy"))
        .contains(Wall.contentSecurityPolicy(html));
    assertThat(Wall.contentSecurityPolicy(html))
        .startsWith("default-src 'none'; style-src 'sha256-")
        .contains("; script-src 'sha256-")
        .contains("connect-src 'self'");
  }

  @Test
  void dataIsTheWallsJsonAtTheClocksNow() throws Exception {
    callsToday("r1", "a", T0_DAY).value(3).applyTo(store);
    metrics.markCaughtUp();
    server = MetricsServer.start("127.0.0.1", 0, page::render, wall);

    HttpResponse<String> response = get("/wall/data");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .contains("application/json; charset=utf-8");
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    JsonNode json = JSON.readTree(response.body());
    assertThat(json.get("at").asText()).isEqualTo(T0.toString());
    assertThat(json.get("reps").get(0).get("rep").asText()).isEqualTo("r1");
    assertThat(json.get("reps").get(0).get("calls").asDouble()).isEqualTo(3.0);
  }

  @Test
  void eventsStreamTheDataAtOnceAndThenEverySecond() throws Exception {
    callsToday("r1", "a", T0_DAY).value(3).version(1).applyTo(store);
    metrics.markCaughtUp();
    server = MetricsServer.start("127.0.0.1", 0, page::render, wall);

    HttpResponse<Stream<String>> response =
        http.send(request("/wall/events"), HttpResponse.BodyHandlers.ofLines());
    try (Stream<String> lines = response.body()) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .contains("text/event-stream; charset=utf-8");
      Iterator<String> it = lines.iterator();
      assertThat(it.next()).isEqualTo("retry: 2000");
      assertThat(it.next()).isEmpty();

      long start = System.nanoTime();
      JsonNode first = JSON.readTree(dataLine(it));
      assertThat(first.get("reps").get(0).get("calls").asDouble()).isEqualTo(3.0);

      callsToday("r1", "a", T0_DAY).value(4).version(2).applyTo(store);
      JsonNode second = JSON.readTree(dataLine(it));
      assertThat(second.get("reps").get(0).get("calls").asDouble()).isEqualTo(4.0);
      assertThat((System.nanoTime() - start) / 1e9).isBetween(0.5, 3.0);
    }
  }

  @Test
  void aBoundedNumberOfScreensAtOnce() throws Exception {
    server = MetricsServer.start("127.0.0.1", 0, page::render, wall);
    List<Stream<String>> open = new ArrayList<>();
    try {
      for (int i = 0; i < WallEvents.MAX_STREAMS; i++) {
        HttpResponse<Stream<String>> r =
            http.send(request("/wall/events"), HttpResponse.BodyHandlers.ofLines());
        open.add(r.body());
        assertThat(r.statusCode()).isEqualTo(200);
      }

      HttpResponse<String> refused = get("/wall/events");

      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).contains("5");
      // Prometheus is never starved by the screens.
      assertThat(get("/metrics").statusCode()).isEqualTo(200);
    } finally {
      open.forEach(Stream::close);
    }
  }

  @Test
  void metricsStayAsTheyWere() throws Exception {
    callsToday("r1", "a", T0_DAY).value(3).applyTo(store);
    metrics.markCaughtUp();
    server = MetricsServer.start("127.0.0.1", 0, page::render, wall);

    HttpResponse<String> response = get("/metrics");

    assertThat(response.headers().firstValue("Content-Type")).contains(MetricsServer.CONTENT_TYPE);
    assertThat(response.body()).isEqualTo(page.render());
  }

  @Test
  void unknownPathsAndMethods() throws Exception {
    server = MetricsServer.start("127.0.0.1", 0, page::render, wall);

    assertThat(get("/wall/").statusCode()).isEqualTo(404);
    assertThat(get("/wall/data/x").statusCode()).isEqualTo(404);
    assertThat(get("/wallpaper").statusCode()).isEqualTo(404);
    assertThat(post("/wall").statusCode()).isEqualTo(405);
    assertThat(post("/wall/events").statusCode()).isEqualTo(405);
    assertThat(post("/wall/events").headers().firstValue("Allow")).contains("GET");
  }

  @Test
  void withoutAWallThereIsNoWall() throws Exception {
    server = MetricsServer.start("127.0.0.1", 0, page::render);

    assertThat(get("/wall").statusCode()).isEqualTo(404);
    assertThat(get("/wall/events").statusCode()).isEqualTo(404);
  }

  /** The next {@code data:} field of an event stream, skipping blank separator lines. */
  private static String dataLine(Iterator<String> lines) {
    while (true) {
      String line = lines.next();
      if (line.startsWith("data: ")) {
        return line.substring("data: ".length());
      }
      assertThat(line).isEmpty();
    }
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(request(path), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> post(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
