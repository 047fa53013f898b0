package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmpulse.contract.Metric;
import io.crmpulse.exporter.OperationalMetrics;
import io.crmpulse.exporter.SeriesStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The provisioned dashboards stay true to the code: stable uid, no numeric id, a datasource
 * variable, and every panel described, with a unit, querying only series that the catalogue
 * defines or the exporter serves. (Evaluating each query against a live Prometheus is the
 * dashboards issue's.)
 */
class GrafanaFilesTest {
  private static final Pattern SERIES = Pattern.compile("\\bcrmpulse_[a-z_]+");

  static Stream<Path> dashboards() throws Exception {
    Path dir = Path.of("").toAbsolutePath().getParent().resolve("grafana/dashboards");
    List<Path> files = new ArrayList<>();
    try (Stream<Path> found = Files.list(dir)) {
      found.filter(p -> p.toString().endsWith(".json")).forEach(files::add);
    }
    assertThat(files).isNotEmpty();
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void dashboardIsProvisionableAndQueriesRealSeries(Path file) throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
    assertThat(dashboard.path("uid").asText()).startsWith("crmpulse-");
    assertThat(dashboard.has("id")).as("numeric id").isFalse();
    assertThat(dashboard.path("templating").path("list").findValuesAsText("type")).contains("datasource");
    String exporterPage = new OperationalMetrics(new SeriesStore(), Clock.systemUTC()).scrape();

    for (JsonNode panel : dashboard.path("panels")) {
      String title = panel.path("title").asText();
      assertThat(panel.path("description").asText()).as("description of %s", title).isNotBlank();
      assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText()).as("unit of %s", title).isNotBlank();
      assertThat(panel.path("targets")).as("queries of %s", title).isNotEmpty();
      for (JsonNode target : panel.path("targets")) {
        Matcher series = SERIES.matcher(target.path("expr").asText());
        assertThat(series.find()).as("%s queries a CRM Pulse series", title).isTrue();
        do {
          String name = series.group();
          assertThat(Metric.bySeriesName(name).isPresent() || exporterPage.contains(name + " ")
              || exporterPage.contains(name + "{"))
              .as("%s in panel %s is a series the project serves", name, title).isTrue();
        } while (series.find());
      }
    }
  }
}
