package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The alert and recording rules stay true to the docs and the code: every alert is routable and
 * explained (severity, category, summary, description, a runbook_url whose anchor is a heading of
 * docs/runbook.md, a {@code for}), recording rules are named level:metric:operations, and every
 * series an expression reads is a recording rule, a Flink reporter series listed in
 * docs/operations.md, or a series of the metric catalogue (docs/metrics.md). Whether the rules
 * compute the right thing is for {@code promtool test rules} (prometheus/tests).
 */
class PrometheusRulesTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");
  private static final Set<String> CATEGORIES = Set.of("activity", "deals", "monitor");
  private static final Pattern RUNBOOK_URL = Pattern.compile("docs/runbook\\.md#([a-z0-9-]+)");
  private static final Pattern ANCHOR = Pattern.compile("(?m)^#+ .*\\{#([a-z0-9-]+)}\\s*$");
  private static final Pattern RECORD_NAME = Pattern.compile("[a-z_]+:crmpulse_[a-z0-9_]+:[a-z0-9_]+");
  private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern CATALOGUED = Pattern.compile("`(crmpulse_[a-z0-9_]+)[`{]");
  private static final Pattern FLINK_SERIES = Pattern.compile("`(flink_[A-Za-z0-9_]+)`");

  /** One rule of a rules file. */
  record Rule(Path file, String group, JsonNode node) {
    boolean isAlert() {
      return node.has("alert");
    }

    String name() {
      return isAlert() ? node.path("alert").asText() : node.path("record").asText();
    }

    @Override
    public String toString() {
      return file.getFileName() + " " + name();
    }
  }

  static List<Rule> rules() {
    Path dir = ROOT.resolve("prometheus/rules");
    List<Rule> rules = new ArrayList<>();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
        for (JsonNode group : yaml.readTree(file.toFile()).path("groups")) {
          for (JsonNode rule : group.path("rules")) {
            rules.add(new Rule(file, group.path("name").asText(), rule));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(rules).as("rules in %s", dir).isNotEmpty();
    return rules;
  }

  static Stream<Rule> alerts() {
    return rules().stream().filter(Rule::isAlert);
  }

  static Stream<Rule> recordingRules() {
    return rules().stream().filter(r -> !r.isAlert());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("alerts")
  void alertIsRoutableAndExplained(Rule rule) throws IOException {
    JsonNode alert = rule.node();
    assertThat(rule.name()).startsWith("CrmPulse");
    assertThat(alert.path("for").asText()).as("for of %s", rule).matches("\\d+[smh]");
    assertThat(alert.path("labels").path("severity").asText()).as("severity of %s", rule).isIn(SEVERITIES);
    assertThat(alert.path("labels").path("category").asText()).as("category of %s", rule).isIn(CATEGORIES);
    for (String annotation : List.of("summary", "description", "runbook_url")) {
      assertThat(alert.path("annotations").path(annotation).asText()).as("%s of %s", annotation, rule).isNotBlank();
    }

    Matcher url = RUNBOOK_URL.matcher(alert.path("annotations").path("runbook_url").asText());
    assertThat(url.matches()).as("runbook_url of %s is docs/runbook.md#<anchor>", rule).isTrue();
    assertThat(runbookAnchors()).as("headings {#…} of docs/runbook.md").contains(url.group(1));
  }

  @Test
  void everyAlertHasARunbookSectionOfItsOwn() {
    Map<String, String> alertByAnchor = new HashMap<>();
    alerts()
        .forEach(
            rule -> {
              String anchor = rule.node().path("annotations").path("runbook_url").asText();
              assertThat(alertByAnchor.put(anchor, rule.name()))
                  .as("another alert also links to %s", anchor)
                  .isNull();
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordingRules")
  void recordingRuleIsNamedLevelMetricOperations(Rule rule) {
    assertThat(rule.name()).matches(RECORD_NAME);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void expressionReadsOnlySeriesTheProjectKnows(Rule rule) throws IOException {
    Set<String> recorded = new HashSet<>();
    rules().stream().filter(r -> !r.isAlert()).forEach(r -> recorded.add(r.name()));
    Set<String> catalogue = names(CATALOGUED, ROOT.resolve("docs/metrics.md"));
    Set<String> flink = names(FLINK_SERIES, ROOT.resolve("docs/operations.md"));
    assertThat(flink).as("Flink reporter series listed in docs/operations.md").isNotEmpty();

    // Prometheus's own series (up) are not checked: only CRM Pulse's and Flink's names.
    for (String series : seriesIn(rule.node().path("expr").asText())) {
      assertThat(recorded.contains(series) || catalogue.contains(series) || flink.contains(series))
          .as("%s in %s is a recording rule, a catalogued series or a Flink series in docs/operations.md", series, rule)
          .isTrue();
    }
  }

  @Test
  void promtoolTestsCoverEveryAlertFiringAndSilentAndEveryRecordingRule() throws IOException {
    Set<String> firing = new TreeSet<>();
    Set<String> silent = new TreeSet<>();
    Set<String> queried = new TreeSet<>();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    try (Stream<Path> files = Files.list(ROOT.resolve("prometheus/tests"))) {
      for (Path file : files.filter(p -> p.toString().endsWith("-test.yml")).toList()) {
        for (JsonNode test : yaml.readTree(file.toFile()).path("tests")) {
          for (JsonNode alertTest : test.path("alert_rule_test")) {
            String name = alertTest.path("alertname").asText();
            (alertTest.path("exp_alerts").isEmpty() ? silent : firing).add(name);
          }
          for (JsonNode exprTest : test.path("promql_expr_test")) {
            queried.addAll(seriesIn(exprTest.path("expr").asText()));
          }
        }
      }
    }
    List<String> alerts = alerts().map(Rule::name).toList();
    assertThat(firing).as("alerts tested firing").containsAll(alerts);
    assertThat(silent).as("alerts tested not firing").containsAll(alerts);
    assertThat(queried).as("recording rules tested").containsAll(recordingRules().map(Rule::name).toList());
  }

  /** Identifiers of an expression that name CRM Pulse or Flink series (label values dropped). */
  static Set<String> seriesIn(String expr) {
    Set<String> series = new TreeSet<>();
    Matcher id = IDENTIFIER.matcher(QUOTED.matcher(expr).replaceAll("\"\""));
    while (id.find()) {
      String name = id.group();
      if (name.contains("crmpulse_") || name.startsWith("flink_")) {
        series.add(name);
      }
    }
    return series;
  }

  @Test
  void seriesInFindsRecordedCataloguedAndFlinkNamesButNotLabelValues() {
    assertThat(
            seriesIn(
                "sum by (team) (crmpulse_stage_exits{outcome=~\"advanced|won\",x=\"crmpulse_no\"})"
                    + " / team:crmpulse_open_deals:sum and on () max(flink_jobmanager_job_numRestarts) > 0"))
        .containsExactly("crmpulse_stage_exits", "flink_jobmanager_job_numRestarts", "team:crmpulse_open_deals:sum");
  }

  private static Set<String> runbookAnchors() throws IOException {
    Set<String> anchors = new HashSet<>();
    Matcher heading = ANCHOR.matcher(Files.readString(ROOT.resolve("docs/runbook.md"), StandardCharsets.UTF_8));
    while (heading.find()) {
      anchors.add(heading.group(1));
    }
    return anchors;
  }

  private static Set<String> names(Pattern pattern, Path file) throws IOException {
    Set<String> names = new HashSet<>();
    Matcher name = pattern.matcher(Files.readString(file, StandardCharsets.UTF_8));
    while (name.find()) {
      names.add(name.group(1));
    }
    return names;
  }
}
