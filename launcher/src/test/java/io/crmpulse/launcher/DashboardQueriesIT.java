package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmpulse.contract.AvroWire;
import io.crmpulse.contract.EventJson;
import io.crmpulse.contract.Topics;
import io.crmpulse.kafka.LoopbackPorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every panel query of every provisioned dashboard, and every recording and alert rule, evaluated
 * by a real Prometheus (Debian's {@code prometheus}, scraping every second) against the live demo:
 * embedded Kafka, the Flink job in a MiniCluster, the exporter and the simulated team, started by
 * {@link DemoCommand} exactly as {@code ./crmpulse demo} does. A query that returns nothing fails
 * the test with its dashboard, panel and expression named.
 *
 * <p>What only exists under a condition is made to happen: one undecodable record and one event
 * far behind the watermark are sent, so that the rejected and late counters move and their two
 * alerts' expressions return data as written. Alert expressions that hold only when something is
 * wrong (a target down, hours of lag) are checked operand by operand instead: each side of their
 * {@code and}/{@code or}/{@code unless}, without its threshold and {@code absent()}, must return
 * data; see {@link #alertOperands}. The one operand no bounded test can feed is listed in {@link
 * #EXEMPT}.
 *
 * <p>Needs the {@code prometheus} and {@code promtool} binaries: skipped without them, except under
 * {@code CRMPULSE_REQUIRE_PROMETHEUS=1}, which {@code .ci/run} sets.
 */
class DashboardQueriesIT {
  private static final Duration DATA_FLOWS = Duration.ofSeconds(120);
  private static final Duration ALL_ANSWER = Duration.ofSeconds(60);

  /** Alerts whose condition this test makes true, so their expression must return data as written. */
  private static final Set<String> MADE_TO_FIRE = Set.of("CrmPulseRejectedEvents", "CrmPulseLateEvents");

  /** What cannot return data in a bounded test, and why; evaluated as the comment says instead. */
  static final Map<String, String> EXEMPT =
      Map.of(
          "offset 1w",
          "CrmPulseTeamNoCallsYet compares a team with itself a week ago; no bounded test has a week"
              + " of history, so that operand is evaluated without its offset");

  private static final Pattern COMPARISON =
      Pattern.compile("\\s*(==|!=|>=|<=|>|<)\\s*(bool\\s+)?-?[0-9][0-9.eE+]*(?![\\w.:])");
  private static final Pattern MODIFIER =
      Pattern.compile("^\\s*(on|ignoring)\\s*\\([^)]*\\)\\s*(group_(left|right)\\s*(\\([^)]*\\))?)?");
  private static final Pattern OFFSET = Pattern.compile("\\s+offset\\s+\\d+[smhdwy]");
  private static final Pattern ABSENT = Pattern.compile("^absent\\((.*)\\)$", Pattern.DOTALL);
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([a-z_]+)}?");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private String prometheusUrl;
  /** Variable values the dashboard queries were evaluated with, per dashboard file. */
  private final Map<String, Map<String, String>> chosen = new LinkedHashMap<>();

  @Test
  void everyDashboardQueryAndRuleExpressionReturnsData() throws Exception {
    Optional<Path> binary = PrometheusProcess.findOnPath();
    if (binary.isEmpty()) {
      String why = "no prometheus binary on PATH (apt-get install --no-install-recommends prometheus)";
      if ("1".equals(System.getenv("CRMPULSE_REQUIRE_PROMETHEUS"))) {
        fail(why);
      }
      Assumptions.abort(why);
    }
    if (System.getProperty("crmpulse.home") == null) {
      System.setProperty("crmpulse.home", GrafanaFilesTest.ROOT.toString());
    }
    DemoCommand command = new DemoCommand();
    new CommandLine(command)
        .parseArgs(
            "--kafka-port", "0",
            "--metrics-port", "0",
            "--flink-ui-port", "0",
            "--flink-metrics-port", "0",
            "--no-prometheus",
            "--speed", "1",
            "--seed", "7",
            "--set", "checkpoints.interval=2 s");
    PrintStream console = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    long started = System.nanoTime();

    try (DemoCommand.RunningDemo demo = command.start(console, new Services(console));
        PrometheusProcess prometheus =
            PrometheusProcess.start(
                binary.get(),
                demo.dataDir.resolve("prometheus-it"),
                LoopbackPorts.pickFree(),
                demo.exporter.port(),
                demo.flink.metricsPort(),
                DemoCommand.rulesDir(),
                Duration.ofSeconds(1))) {
      prometheusUrl = prometheus.url();
      assertThat(DemoCommand.rulesDir()).as("prometheus/rules found").isPresent();

      await("business series and Flink's reporter in Prometheus")
          .atMost(DATA_FLOWS)
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> hasData("count(crmpulse_calls_today) >= 3")
              && hasData("sum(rate(flink_taskmanager_job_task_operator_records_read[1m])) > 0")
              && hasData("count(crmpulse_open_deals) > 0"));

      // The rejected and late counters only move on bad input: give them some, again every few
      // seconds until counted (a partition whose event time has not started yet sees no lateness).
      try (KafkaProducer<byte[], byte[]> producer = KafkaTestIo.producer(demo.kafka)) {
        await("the rejected and late records counted")
            .atMost(DATA_FLOWS)
            .pollInterval(Duration.ofSeconds(5))
            .until(() -> {
              sendBadInput(producer);
              return hasData("sum(increase(flink_taskmanager_job_task_operator_records_rejected[5m])) > 0")
                  && hasData("sum(increase(flink_taskmanager_job_task_operator_events_late[5m])) > 0");
            });
      }
      long dataFlowing = System.nanoTime();

      List<Query> queries = new ArrayList<>();
      queries.addAll(dashboardQueries());
      queries.addAll(ruleQueries());
      List<Query> empty = evaluateUntilAllAnswer(queries);
      assertThat(empty)
          .as("queries that returned no data from Prometheus at %s", prometheusUrl)
          .isEmpty();
      assertRulesHealthy();
      promtoolCheckMetrics(binary.get().resolveSibling("promtool"), get(demo.metricsUrl()));

      long dashboardCount = queries.stream().filter(q -> q.kind.equals("dashboard")).count();
      System.out.printf(
          "DashboardQueriesIT: %d dashboard queries on %d dashboards, %d rule queries (%d recording"
              + " expressions and their recorded series, %d alert expressions as written, %d alert"
              + " operands); variables: %s; data flowing after %d s, all answered after %d s; exempt: %s%n",
          dashboardCount, CrmPulseDashboards.all().size(), queries.size() - dashboardCount,
          queries.stream().filter(q -> q.kind.equals("recording")).count(),
          queries.stream().filter(q -> q.kind.equals("alert")).count(),
          queries.stream().filter(q -> q.kind.equals("alert operand")).count(), chosen,
          TimeUnit.NANOSECONDS.toSeconds(dataFlowing - started),
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), EXEMPT.keySet());
    }
  }

  /** A record that is not an event, and a call from 20 days ago on each partition (late). */
  private static void sendBadInput(KafkaProducer<byte[], byte[]> producer) throws Exception {
    producer.send(new ProducerRecord<>(Topics.ACTIVITIES, bytes("garbage"), bytes("not an event"))).get();
    Instant longAgo = Instant.now().minus(Duration.ofDays(20)).truncatedTo(ChronoUnit.SECONDS);
    for (int partition = 0; partition < 2; partition++) {
      String id = "dashboard-it-late-" + partition;
      byte[] late = AvroWire.encode(EventJson.parse(lateCall(id, longAgo)));
      producer.send(new ProducerRecord<>(Topics.ACTIVITIES, partition, bytes(id), late)).get();
    }
  }

  /** One query to evaluate, and where it comes from (for the failure message). */
  record Query(String kind, String where, String expr, boolean mustReturnData) {
    @Override
    public String toString() {
      return kind + " " + where + ": " + expr;
    }
  }

  /**
   * Every panel query with the dashboard's variables substituted. A variable takes each value
   * Prometheus knows for its {@code label_values} query in turn, and the first value for which every
   * query of the dashboard returns data is used (a rep without stalled deals rightly shows none).
   */
  private List<Query> dashboardQueries() throws Exception {
    List<Query> queries = new ArrayList<>();
    for (Map.Entry<String, ObjectNode> entry : CrmPulseDashboards.all().entrySet()) {
      JsonNode dashboard = entry.getValue();
      String title = dashboard.path("title").asText();
      Map<String, List<String>> values = new LinkedHashMap<>();
      for (JsonNode variable : dashboard.path("templating").path("list")) {
        if (variable.path("type").asText().equals("query")) {
          String name = variable.path("name").asText();
          Matcher q = Pattern.compile("label_values\\((\\w+), (\\w+)\\)").matcher(variable.path("query").path("query").asText());
          assertThat(q.matches()).as("variable %s of %s", name, title).isTrue();
          List<String> found = labelValues(q.group(2), q.group(1));
          assertThat(found).as("values of $%s (%s) in %s", name, q.group(), title).isNotEmpty();
          values.put(name, found);
        }
      }
      assertThat(values.size()).as("%s has at most one variable besides the datasource", title).isLessThanOrEqualTo(1);
      List<Map<String, String>> candidates = new ArrayList<>();
      if (values.isEmpty()) {
        candidates.add(Map.of());
      } else {
        String name = values.keySet().iterator().next();
        values.get(name).forEach(v -> candidates.add(Map.of(name, v)));
      }
      List<Query> best = null;
      int fewestEmpty = Integer.MAX_VALUE;
      for (Map<String, String> candidate : candidates) {
        List<Query> withValues = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
          for (JsonNode target : panel.path("targets")) {
            withValues.add(new Query("dashboard",
                entry.getKey() + " (" + title + ") panel \"" + panel.path("title").asText() + "\" "
                    + target.path("refId").asText() + " with " + candidate,
                substitute(target.path("expr").asText(), candidate), true));
          }
        }
        int emptyCount = 0;
        for (Query q : withValues) {
          if (!evaluate(q)) {
            emptyCount++;
          }
        }
        if (emptyCount < fewestEmpty) {
          fewestEmpty = emptyCount;
          best = withValues;
          chosen.put(entry.getKey(), candidate);
        }
        if (emptyCount == 0) {
          break;
        }
      }
      queries.addAll(best);
    }
    return queries;
  }

  private static String substitute(String expr, Map<String, String> values) {
    String out = expr;
    for (Map.Entry<String, String> macro : CrmPulseDashboards.MACROS.entrySet()) {
      out = out.replace(macro.getKey(), macro.getValue());
    }
    Matcher variable = VARIABLE.matcher(out);
    StringBuilder result = new StringBuilder();
    while (variable.find()) {
      String value = values.get(variable.group(1));
      assertThat(value).as("value of $%s in %s", variable.group(1), expr).isNotNull();
      variable.appendReplacement(result, Matcher.quoteReplacement(value));
    }
    variable.appendTail(result);
    return result.toString();
  }

  /** Recording rules as written and the series they record; alert rules as written and by operand. */
  private static List<Query> ruleQueries() {
    List<Query> queries = new ArrayList<>();
    for (PrometheusRulesTest.Rule rule : PrometheusRulesTest.rules()) {
      String expr = rule.node().path("expr").asText().trim();
      if (!rule.isAlert()) {
        queries.add(new Query("recording", rule.toString(), expr, true));
        queries.add(new Query("recorded series", rule.toString(), rule.name(), true));
        continue;
      }
      queries.add(new Query("alert", rule.toString(), expr, MADE_TO_FIRE.contains(rule.name())));
      for (String operand : alertOperands(expr)) {
        queries.add(new Query("alert operand", rule.toString(), operand, true));
      }
    }
    return queries;
  }

  /**
   * The operands of an alert expression: split at its {@code and}, {@code or} and {@code unless}
   * (outside brackets and quotes, recursing into brackets), each without its comparison to a
   * number, {@code absent(x)} as {@code x}, and without an {@code offset} (see {@link #EXEMPT}).
   * Each must return data while the monitor is healthy: a wrong name or label matcher in any of
   * them would leave the alert silent for ever.
   */
  static List<String> alertOperands(String expr) {
    List<String> operands = new ArrayList<>();
    for (String part : splitSetOperators(expr)) {
      String p = MODIFIER.matcher(part).replaceFirst("").trim();
      if (p.startsWith("(") && closingBracket(p, 0) == p.length() - 1) {
        operands.addAll(alertOperands(p.substring(1, p.length() - 1)));
        continue;
      }
      p = COMPARISON.matcher(p).replaceAll("").trim();
      Matcher absent = ABSENT.matcher(p);
      if (absent.matches()) {
        p = absent.group(1).trim();
      }
      p = OFFSET.matcher(p).replaceAll("");
      operands.add(p.replaceAll("\\s+", " "));
    }
    return operands;
  }

  private static List<String> splitSetOperators(String expr) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    boolean quoted = false;
    for (int i = 0; i < expr.length(); i++) {
      char c = expr.charAt(i);
      if (c == '"' && (i == 0 || expr.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      } else if (!quoted && (c == '(' || c == '{' || c == '[')) {
        depth++;
      } else if (!quoted && (c == ')' || c == '}' || c == ']')) {
        depth--;
      } else if (!quoted && depth == 0) {
        for (String op : List.of("and", "or", "unless")) {
          if (expr.startsWith(op, i) && boundary(expr, i - 1) && boundary(expr, i + op.length())) {
            parts.add(expr.substring(start, i));
            start = i + op.length();
            i = start - 1;
            break;
          }
        }
      }
    }
    parts.add(expr.substring(start));
    return parts;
  }

  private static boolean boundary(String s, int i) {
    return i < 0 || i >= s.length() || !(Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == ':');
  }

  private static int closingBracket(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      if (s.charAt(i) == '(') {
        depth++;
      } else if (s.charAt(i) == ')' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** Evaluates until every query that must return data does, or {@link #ALL_ANSWER} has passed. */
  private List<Query> evaluateUntilAllAnswer(List<Query> queries) throws Exception {
    long deadline = System.nanoTime() + ALL_ANSWER.toNanos();
    List<Query> empty;
    do {
      empty = new ArrayList<>();
      for (Query q : queries) {
        if (!evaluate(q) && q.mustReturnData) {
          empty.add(q);
        }
      }
      if (empty.isEmpty()) {
        return empty;
      }
      Thread.sleep(2_000);
    } while (System.nanoTime() < deadline);
    return empty;
  }

  /** True when the query returns data; a query Prometheus rejects fails the test at once. */
  private boolean evaluate(Query q) throws Exception {
    JsonNode answer = query(q.expr);
    if (!answer.path("status").asText().equals("success") || answer.has("warnings")) {
      fail("Prometheus did not evaluate %s: %s", q, answer);
    }
    JsonNode data = answer.path("data");
    return data.path("resultType").asText().equals("scalar") || !data.path("result").isEmpty();
  }

  private boolean hasData(String expr) throws Exception {
    JsonNode answer = query(expr);
    return answer.path("status").asText().equals("success") && !answer.path("data").path("result").isEmpty();
  }

  private JsonNode query(String expr) throws Exception {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create(prometheusUrl + "/api/v1/query?query="
            + URLEncoder.encode(expr, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    return DashboardBuilder.MAPPER.readTree(response.body());
  }

  private List<String> labelValues(String label, String series) throws Exception {
    String body = get(prometheusUrl + "/api/v1/label/" + label + "/values?match[]="
        + URLEncoder.encode(series, StandardCharsets.UTF_8));
    List<String> values = new ArrayList<>();
    DashboardBuilder.MAPPER.readTree(body).path("data").forEach(v -> values.add(v.asText()));
    return values;
  }

  /** Every rule group loaded from prometheus/rules, and every rule evaluated without error. */
  private void assertRulesHealthy() throws Exception {
    JsonNode groups = DashboardBuilder.MAPPER.readTree(get(prometheusUrl + "/api/v1/rules")).path("data").path("groups");
    int rules = 0;
    for (JsonNode group : groups) {
      for (JsonNode rule : group.path("rules")) {
        rules++;
        assertThat(rule.path("health").asText())
            .as("health of rule %s (%s)", rule.path("name").asText(), rule.path("lastError").asText())
            .isEqualTo("ok");
      }
    }
    assertThat(rules).as("rules loaded by Prometheus").isEqualTo(PrometheusRulesTest.rules().size());
  }

  /** `promtool check metrics` over the exporter's page (stdin): no finding at all. */
  private static void promtoolCheckMetrics(Path promtool, String page) throws Exception {
    Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(page.getBytes(StandardCharsets.UTF_8));
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    process.getInputStream().transferTo(output);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    assertThat(process.exitValue())
        .as("promtool check metrics on the exporter's /metrics; output:\n%s", output.toString(StandardCharsets.UTF_8))
        .isZero();
  }

  private String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
    return response.body();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A valid completed call whose event time lies far behind every watermark: dead-lettered LATE. */
  private static String lateCall(String id, Instant at) {
    return "{\"event_id\":\"" + id + "\",\"event_time\":\"" + at + "\",\"source\":\"test\","
        + "\"entity\":\"activity\",\"change\":\"created\",\"activity\":{\"id\":\"" + id + "\","
        + "\"rep_id\":\"rep-01\",\"type\":\"call\",\"direction\":\"outbound\",\"outcome\":\"connected\","
        + "\"status\":\"completed\",\"occurred_at\":\"" + at + "\"}}";
  }
}
