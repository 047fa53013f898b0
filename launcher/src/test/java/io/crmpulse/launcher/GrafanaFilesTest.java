package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmpulse.contract.Metric;
import io.crmpulse.exporter.OperationalMetrics;
import io.crmpulse.exporter.SeriesStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
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
 * The provisioned dashboards are what {@link CrmPulseDashboards} generates, fit Grafana's
 * dashboard model as far as a structural check goes (docs/operations.md, "Dashboards"), and query
 * only series the project serves. Whether every query returns data from a real Prometheus is
 * {@code DashboardQueriesIT}'s.
 */
class GrafanaFilesTest {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  static final Path DIR = ROOT.resolve("grafana/dashboards");

  /** Core panel plugins of Grafana 10/11 that these dashboards may use. */
  private static final Set<String> PANEL_TYPES =
      Set.of("stat", "bargauge", "timeseries", "table", "gauge", "text", "piechart", "barchart");
  private static final Set<String> VARIABLE_TYPES =
      Set.of("query", "datasource", "custom", "constant", "interval", "textbox", "adhoc");
  private static final Pattern UID = Pattern.compile("crmpulse-[a-z0-9-]{1,31}");
  private static final Pattern REFRESH = Pattern.compile("\\d+[smhd]");
  private static final Pattern VARIABLE = Pattern.compile("\\$(__[a-z_]+|[a-z_]+)|\\$\\{([a-z_]+)}");
  private static final Pattern FLINK_SERIES = Pattern.compile("`(flink_[A-Za-z0-9_]+)`");
  private static final int GRID_WIDTH = 24;

  @Test
  void committedDashboardsAreWhatTheGeneratorWrites() throws IOException {
    Map<String, ObjectNode> generated = CrmPulseDashboards.all();
    if (Boolean.getBoolean("dashboards.write")) {
      for (Path stale : jsonFiles()) {
        if (!generated.containsKey(stale.getFileName().toString())) {
          Files.delete(stale);
        }
      }
      CrmPulseDashboards.writeAll(DIR);
    }
    Set<String> committed = new TreeSet<>();
    jsonFiles().forEach(p -> committed.add(p.getFileName().toString()));
    assertThat(committed)
        .as("grafana/dashboards/*.json are generated; regenerate with: %s", CrmPulseDashboards.REGENERATE)
        .isEqualTo(new TreeSet<>(generated.keySet()));
    for (Map.Entry<String, ObjectNode> entry : generated.entrySet()) {
      String file = Files.readString(DIR.resolve(entry.getKey()), StandardCharsets.UTF_8);
      assertThat(file)
          .as("grafana/dashboards/%s differs from what CrmPulseDashboards generates (edit the"
              + " generator, not the JSON); regenerate with: %s", entry.getKey(), CrmPulseDashboards.REGENERATE)
          .isEqualTo(CrmPulseDashboards.render(entry.getValue()));
    }
  }

  static Stream<Path> dashboards() throws IOException {
    List<Path> files = jsonFiles();
    assertThat(files).isNotEmpty();
    return files.stream();
  }

  private static List<Path> jsonFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> found = Files.list(DIR)) {
      found.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
    }
    return files;
  }

  private static JsonNode read(Path file) throws IOException {
    return DashboardBuilder.MAPPER.readTree(file.toFile());
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void dashboardFitsGrafanasModel(Path file) throws IOException {
    JsonNode d = read(file);
    assertThat(d.path("uid").asText()).as("uid").matches(UID);
    assertThat(d.has("id")).as("numeric id (Grafana assigns one per instance)").isFalse();
    assertThat(d.path("title").asText()).as("title").isNotBlank();
    assertThat(d.path("description").asText()).as("description").isNotBlank();
    assertThat(d.path("schemaVersion").isInt()).as("schemaVersion").isTrue();
    assertThat(d.path("refresh").asText()).as("refresh").matches(REFRESH);
    assertThat(d.path("time").path("from").asText()).as("time.from").startsWith("now-");
    assertThat(d.path("time").path("to").asText()).as("time.to").isEqualTo("now");
    assertThat(d.path("tags").isArray()).as("tags").isTrue();
    assertThat(d.path("editable").isBoolean()).as("editable").isTrue();

    Set<String> variables = new HashSet<>();
    for (JsonNode variable : d.path("templating").path("list")) {
      String name = variable.path("name").asText();
      assertThat(name).as("variable name").matches("[a-z_]+");
      assertThat(variables.add(name)).as("variable %s defined once", name).isTrue();
      assertThat(variable.path("type").asText()).as("type of variable %s", name).isIn(VARIABLE_TYPES);
      if (variable.path("type").asText().equals("query")) {
        assertThat(variable.path("query").path("query").asText()).as("query of variable %s", name)
            .matches("label_values\\(\\w+, " + name + "\\)");
        assertThat(variable.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
      }
    }
    JsonNode datasource = d.path("templating").path("list").path(0);
    assertThat(datasource.path("type").asText()).as("first variable").isEqualTo("datasource");
    assertThat(datasource.path("query").asText()).isEqualTo("prometheus");

    Set<Integer> ids = new HashSet<>();
    List<int[]> cells = new ArrayList<>();
    for (JsonNode panel : d.path("panels")) {
      String title = panel.path("title").asText();
      assertThat(title).as("panel title").isNotBlank();
      assertThat(panel.path("id").isInt() && ids.add(panel.path("id").asInt())).as("unique id of %s", title).isTrue();
      assertThat(panel.path("type").asText()).as("type of %s", title).isIn(PANEL_TYPES);
      assertThat(panel.path("description").asText()).as("description of %s", title).isNotBlank();
      assertThat(panel.path("datasource").path("uid").asText()).as("datasource of %s", title).isEqualTo("${datasource}");
      assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText()).as("unit of %s", title).isNotBlank();
      assertThat(panel.path("fieldConfig").path("overrides").isArray()).as("overrides of %s", title).isTrue();
      assertThat(panel.path("options").isObject()).as("options of %s", title).isTrue();

      JsonNode grid = panel.path("gridPos");
      int x = grid.path("x").asInt(-1);
      int y = grid.path("y").asInt(-1);
      int w = grid.path("w").asInt(0);
      int h = grid.path("h").asInt(0);
      assertThat(x >= 0 && y >= 0 && w >= 1 && h >= 1 && x + w <= GRID_WIDTH)
          .as("gridPos of %s within the 24-column grid: %s", title, grid).isTrue();
      for (int[] other : cells) {
        boolean overlaps = x < other[0] + other[2] && other[0] < x + w && y < other[1] + other[3] && other[1] < y + h;
        assertThat(overlaps).as("%s overlaps another panel", title).isFalse();
      }
      cells.add(new int[] {x, y, w, h});

      assertThat(panel.path("targets")).as("queries of %s", title).isNotEmpty();
      Set<String> refIds = new HashSet<>();
      for (JsonNode target : panel.path("targets")) {
        assertThat(refIds.add(target.path("refId").asText())).as("refIds of %s unique", title).isTrue();
        assertThat(target.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
        String expr = target.path("expr").asText();
        assertThat(expr).as("expr of %s", title).isNotBlank();
        Matcher use = VARIABLE.matcher(expr);
        while (use.find()) {
          String name = use.group(1) != null ? use.group(1) : use.group(2);
          assertThat(variables.contains(name) || CrmPulseDashboards.MACROS.containsKey("$" + name))
              .as("$%s in %s is a variable of the dashboard or a known macro", name, title).isTrue();
        }
        assertThat(target.path("legendFormat").asText()).as("legend of %s", title).isNotBlank();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void everyPanelQueriesSeriesTheProjectServes(Path file) throws IOException {
    Set<String> known = servedSeries();
    for (JsonNode panel : read(file).path("panels")) {
      String title = panel.path("title").asText();
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText();
        Set<String> series = PrometheusRulesTest.seriesIn(expr);
        // Prometheus' own `up` is allowed for the project's two scrape jobs (prometheus.yml).
        assertThat(!series.isEmpty() || expr.startsWith("up{job=~\"crmpulse|flink\"}"))
            .as("%s queries a CRM Pulse or Flink series: %s", title, expr).isTrue();
        for (String name : series) {
          assertThat(known).as("%s in panel %s is a series the project serves", name, title).contains(name);
        }
      }
    }
  }

  @Test
  void uidsAreUniqueAndEachDashboardHasItsVariables() throws IOException {
    Set<String> uids = new HashSet<>();
    for (Path file : jsonFiles()) {
      assertThat(uids.add(read(file).path("uid").asText())).as("uid of %s unique", file).isTrue();
    }
    assertThat(variableNames(CrmPulseDashboards.repDailyBenchmark())).contains("datasource", "rep");
    assertThat(variableNames(CrmPulseDashboards.dealHealth())).contains("datasource", "team");
  }

  @Test
  void wallFitsAFullHdScreenRefreshesEveryFiveSecondsAndShowsTheAgeOfItsData() {
    ObjectNode wall = CrmPulseDashboards.salesFloorWall();
    assertThat(wall.path("refresh").asText()).isEqualTo("5s");
    assertThat(wall.path("description").asText()).as("how to open it dark in kiosk mode").contains("kiosk&theme=dark");
    int bottom = 0;
    boolean ageOnTop = false;
    for (JsonNode panel : wall.path("panels")) {
      JsonNode grid = panel.path("gridPos");
      bottom = Math.max(bottom, grid.path("y").asInt() + grid.path("h").asInt());
      boolean age = panel.path("targets").findValuesAsText("expr").stream()
          .anyMatch(e -> e.contains("crmpulse_exporter_data_age_seconds"));
      ageOnTop |= age && grid.path("y").asInt() == 0;
    }
    assertThat(bottom).as("rows used (1920x1080 in kiosk mode holds %s)", CrmPulseDashboards.KIOSK_ROWS)
        .isLessThanOrEqualTo(CrmPulseDashboards.KIOSK_ROWS);
    assertThat(ageOnTop).as("data age in the top row").isTrue();
  }

  private static Set<String> variableNames(JsonNode dashboard) {
    return new HashSet<>(dashboard.path("templating").path("list").findValuesAsText("name"));
  }

  /**
   * Names of series the project serves: the catalogue, the exporter's operational series, the
   * recording rules, and the Flink reporter series that docs/operations.md lists.
   */
  static Set<String> servedSeries() throws IOException {
    Set<String> known = new HashSet<>();
    for (Metric metric : Metric.values()) {
      known.add(metric.seriesName());
    }
    String exporterPage = new OperationalMetrics(new SeriesStore(), Clock.systemUTC()).scrape();
    Matcher line = Pattern.compile("(?m)^(crmpulse_[a-z_]+)[ {]").matcher(exporterPage);
    while (line.find()) {
      known.add(line.group(1));
    }
    PrometheusRulesTest.recordingRules().forEach(rule -> known.add(rule.name()));
    Matcher flink = FLINK_SERIES.matcher(Files.readString(ROOT.resolve("docs/operations.md"), StandardCharsets.UTF_8));
    while (flink.find()) {
      known.add(flink.group(1));
    }
    return known;
  }
}
