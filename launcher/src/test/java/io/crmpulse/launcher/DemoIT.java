package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The demo end to end, in-process and on free ports: broker, Flink job, exporter and simulator
 * (and Prometheus where installed). {@code /metrics} must show calls today for several reps, and
 * the numbers must grow while the simulated team keeps dialling.
 */
class DemoIT {
  private static final Pattern CALLS =
      Pattern.compile("^crmpulse_calls_today\\{([^}]*)}\\s+(\\S+)", Pattern.MULTILINE);
  private static final Pattern REP = Pattern.compile("rep=\"([^\"]*)\"");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void demoServesGrowingCallCountsForSeveralReps() throws Exception {
    // ./crmpulse sets this; here it lets the demo's Prometheus find prometheus/rules.
    if (System.getProperty("crmpulse.home") == null) {
      System.setProperty("crmpulse.home", Path.of("").toAbsolutePath().getParent().toString());
    }
    DemoCommand command = new DemoCommand();
    new CommandLine(command)
        .parseArgs(
            "--kafka-port", "0",
            "--metrics-port", "0",
            "--flink-ui-port", "0",
            "--flink-metrics-port", "0",
            "--prometheus-port", "0",
            "--speed", "1",
            "--seed", "7",
            "--set", "checkpoints.interval=2 s");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    try (DemoCommand.RunningDemo demo = command.start(out, new Services(out))) {
      DemoCommand.printBanner(out, demo);
      String metricsUrl = demo.metricsUrl();
      assertThat(console.toString(StandardCharsets.UTF_8))
          .contains(metricsUrl)
          .contains(demo.wallUrl())
          .contains(demo.flink.webUiUrl())
          .contains(demo.flink.metricsUrl())
          .contains(demo.kafka.bootstrapServers())
          .contains("crmpulse_calls_today");

      AtomicReference<Map<String, Double>> first = new AtomicReference<>();
      await("calls today for at least 3 reps at " + metricsUrl)
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                Map<String, Double> calls = callsByRep(get(metricsUrl));
                assertThat(calls.values().stream().filter(v -> v > 0).count())
                    .isGreaterThanOrEqualTo(3);
                first.set(calls);
              });

      double before = total(first.get());
      await("calls today to grow beyond " + before)
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(() -> assertThat(total(callsByRep(get(metricsUrl)))).isGreaterThan(before));

      // Deal health of the simulated backlog: on /metrics, and its alerts on the console.
      await("neglected and stalled deals at " + metricsUrl)
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(() -> assertThat(get(metricsUrl))
              .contains("crmpulse_neglected_deals{").contains("crmpulse_stalled_deals{"));
      await("deal alerts on the console")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(() -> assertThat(console.toString(StandardCharsets.UTF_8))
              .contains("[alert] raised   neglected").contains("[alert] raised   stalled"));

      // The built-in wall reads the same store: the reps with calls are on its leaderboard.
      String wall = get(demo.wallUrl() + "/data");
      assertThat(wall).contains("\"ready\":true");
      first.get().forEach((rep, calls) -> {
        if (calls > 0) {
          assertThat(wall).contains("\"rep\":\"" + rep + "\"");
        }
      });

      // The alert rules query these names; docs/operations.md lists them.
      assertThat(get(demo.flink.metricsUrl()))
          .contains("flink_taskmanager_job_task_operator_records_rejected{")
          .contains("flink_taskmanager_job_task_operator_KafkaSourceReader_KafkaConsumer_records_lag_max{")
          .contains("flink_jobmanager_job_numberOfFailedCheckpoints{");

      if (demo.prometheus != null) {
        String query =
            demo.prometheus.url()
                + "/api/v1/query?query="
                + URLEncoder.encode("count(crmpulse_calls_today)", StandardCharsets.UTF_8);
        await("Prometheus to scrape the exporter")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(() -> assertThat(get(query)).contains("\"status\":\"success\"").contains("\"value\""));
        // Both scrape jobs up, and the project's recording rules evaluated over what they scraped.
        for (String expr : List.of("up{job=\"flink\"} == 1", "count(team:crmpulse_calls_today:sum)")) {
          String url =
              demo.prometheus.url()
                  + "/api/v1/query?query="
                  + URLEncoder.encode(expr, StandardCharsets.UTF_8);
          await("Prometheus to answer " + expr)
              .atMost(Duration.ofSeconds(30))
              .pollInterval(Duration.ofSeconds(1))
              .untilAsserted(() -> assertThat(get(url)).contains("\"value\""));
        }
      }
    }
  }

  private String get(String url) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
    return response.body();
  }

  private static Map<String, Double> callsByRep(String page) {
    Map<String, Double> calls = new TreeMap<>();
    Matcher line = CALLS.matcher(page);
    while (line.find()) {
      Matcher rep = REP.matcher(line.group(1));
      if (rep.find()) {
        calls.merge(rep.group(1), Double.parseDouble(line.group(2)), Double::sum);
      }
    }
    return calls;
  }

  private static double total(Map<String, Double> calls) {
    return calls.values().stream().mapToDouble(Double::doubleValue).sum();
  }
}
