package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.crmpulse.jobs.config.JobConfig;
import io.crmpulse.kafka.CrmTopics;
import io.crmpulse.kafka.TopicSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * docker-compose.yml, checked by reading it (Docker cannot run on the project's machines): the
 * full stack is there with pinned images and health checks, every file it mounts exists in the
 * repository or is built by the module whose target folder it names, every class, option and
 * address it passes is one the project really has, and published ports stay on 127.0.0.1.
 * Whether the images start and talk to each other is not checked.
 */
class ComposeFileTest {
  private static final Path ROOT = GrafanaFilesTest.ROOT;
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> SERVICES =
      Set.of("kafka", "kafka-topics", "jobmanager", "taskmanager", "exporter", "simulator",
          "prometheus", "alertmanager", "grafana");
  /** One-shot services, which exit when done and have nothing to health-check. */
  private static final Set<String> ONE_SHOT = Set.of("kafka-topics");
  private static final Pattern BUILD_OUTPUT = Pattern.compile("([a-z-]+)/target/(.+)");
  private static final Pattern CONTAINER_PATH = Pattern.compile("(?<![\\w.:/])(/[A-Za-z0-9_.\\-]+(?:/[A-Za-z0-9_.\\-]+)*)");

  private static JsonNode compose;
  private static JsonNode services;

  /**
   * Read with SnakeYAML, which resolves the file's anchors and aliases as Docker Compose does
   * (Jackson's YAML parser hands an alias back as its name).
   */
  @BeforeAll
  static void read() throws IOException {
    Object tree = new Yaml()
        .load(Files.readString(ROOT.resolve("docker-compose.yml"), StandardCharsets.UTF_8));
    compose = new ObjectMapper().valueToTree(tree);
    services = compose.path("services");
  }

  @Test
  void hasTheWholeStackWithPinnedImagesAndHealthChecks() {
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactlyInAnyOrderElementsOf(SERVICES);
    for (String name : names) {
      JsonNode service = services.path(name);
      String image = service.path("image").asText();
      assertThat(image).as("image of %s", name).matches("[a-z0-9./-]+:[A-Za-z0-9._-]+");
      assertThat(image).as("image of %s pinned", name).doesNotEndWith(":latest");
      if (!ONE_SHOT.contains(name)) {
        assertThat(service.path("healthcheck").path("test")).as("health check of %s", name).isNotEmpty();
      }
    }
    assertThat(services.path("simulator").path("profiles").toString()).as("simulator only on request").contains("simulator");
  }

  @Test
  void everyMountedPathExistsOrIsBuiltByItsModule() throws IOException {
    String parentPom = Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
    for (Map.Entry<String, Path> mount : bindMounts().entrySet()) {
      String host = mount.getKey().substring(mount.getKey().indexOf(' ') + 1);
      Path path = ROOT.resolve(host).normalize();
      assertThat(path.startsWith(ROOT)).as("%s stays inside the repository", mount.getKey()).isTrue();
      Matcher built = BUILD_OUTPUT.matcher(host);
      if (built.matches()) {
        String module = built.group(1);
        assertThat(parentPom).as("%s is a module of pom.xml", module).contains("<module>" + module + "</module>");
        String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"), StandardCharsets.UTF_8);
        assertThat(producedBy(pom, built.group(2))).as("%s/pom.xml produces %s", module, host).isTrue();
      }
      assertThat(path).as("%s (build with `mvn -B -DskipTests package` first)", mount.getKey()).exists();
    }
  }

  /** Whether a module's pom builds {@code output} (a path under its target folder). */
  private static boolean producedBy(String pom, String output) {
    Matcher classifier = Pattern.compile("<shadedClassifierName>([\\w-]+)</shadedClassifierName>").matcher(pom);
    while (classifier.find()) {
      if (output.matches("crmpulse-[a-z]+-[0-9.]+(-SNAPSHOT)?-" + Pattern.quote(classifier.group(1)) + "\\.jar")) {
        return true;
      }
    }
    Matcher dir = Pattern.compile("<outputDirectory>\\$\\{project.build.directory}/([\\w/.-]+)</outputDirectory>").matcher(pom);
    while (dir.find()) {
      if (output.equals(dir.group(1)) || output.startsWith(dir.group(1) + "/")) {
        return true;
      }
    }
    return false;
  }

  @Test
  void everyFileAServicePassesByPathIsMounted() throws IOException {
    Map<String, Path> mounts = bindMounts();
    for (String name : SERVICES) {
      JsonNode service = services.path(name);
      List<String> strings = new ArrayList<>();
      collectStrings(service.path("command"), strings);
      collectStrings(service.path("environment"), strings);
      for (String s : strings) {
        Matcher path = CONTAINER_PATH.matcher(s);
        while (path.find()) {
          Path inContainer = Path.of(path.group(1));
          boolean mounted = false;
          boolean besideAMountedFile = false;
          for (Map.Entry<String, Path> mount : mounts.entrySet()) {
            String[] key = mount.getKey().split(" ", 2);
            Path target = mount.getValue();
            if (!key[0].equals(name)) {
              continue;
            }
            if (inContainer.startsWith(target)) {
              mounted = true;
              Path host = ROOT.resolve(key[1]).resolve(target.relativize(inContainer).toString());
              assertThat(host).as("%s passes %s (from %s)", name, inContainer, key[1]).exists();
            } else if (Files.isRegularFile(ROOT.resolve(key[1])) && inContainer.startsWith(target.getParent())) {
              besideAMountedFile = true;
            }
          }
          // A path in a folder the service's project files are mounted into must be one of them.
          assertThat(mounted || !besideAMountedFile).as("%s passes %s, which no volume mounts", name, inContainer).isTrue();
        }
      }
    }
    // The files the daemons read must come from a mount of theirs.
    assertThat(command("prometheus")).contains("--config.file=/etc/prometheus/prometheus-compose.yml");
    assertThat(command("alertmanager")).contains("--config.file=/etc/alertmanager/alertmanager.yml");
  }

  @Test
  void theFlinkJobIsTheProjectsWithValidArgumentsTrustAndReporter() throws Exception {
    List<String> command = command("jobmanager");
    assertThat(command.subList(0, 3)).containsExactly("standalone-job", "--job-classname", "io.crmpulse.jobs.CrmPulseJob");
    Class.forName(command.get(2)).getMethod("main", String[].class);
    Map<String, String> overrides = new HashMap<>();
    for (String arg : command.subList(3, command.size())) {
      overrides.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    JobConfig config = JobConfig.load(null, overrides);
    assertThat(config.bootstrapServers()).isEqualTo(internalKafka());

    String trust = "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=" + avroTrustedPackages();
    for (String flink : List.of("jobmanager", "taskmanager")) {
      Map<String, String> properties = flinkProperties(flink);
      assertThat(properties.get("env.java.opts.all")).as("java opts of %s", flink).isEqualTo(trust);
      assertThat(properties.get("jobmanager.rpc.address")).isEqualTo("jobmanager");
      Class.forName(properties.get("metrics.reporter.prom.factory.class"));
      assertThat(properties.get("metrics.reporter.prom.port")).isEqualTo("9249");
    }
    assertThat(command("exporter")).contains(trust);
    assertThat(command("simulator")).contains(trust);
  }

  @Test
  void exporterAndSimulatorRunTheirModulesJarsWithOptionsTheyKnow() throws Exception {
    Map<String, String> mainOf = Map.of("exporter", "io.crmpulse.exporter.ExporterCommand",
        "simulator", "io.crmpulse.simulator.SimulateCommand");
    for (Map.Entry<String, String> entry : mainOf.entrySet()) {
      List<String> command = command(entry.getKey());
      String jar = command.get(command.indexOf("-jar") + 1);
      Path host = hostPath(entry.getKey(), jar);
      try (JarFile file = new JarFile(host.toFile())) {
        assertThat(file.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(entry.getValue());
      }
      Class<?> main = Class.forName(entry.getValue());
      CommandLine cli = new CommandLine(main.getDeclaredConstructor().newInstance());
      cli.parseArgs(command.subList(command.indexOf("-jar") + 2, command.size()).toArray(String[]::new));
      assertThat(command).contains("--bootstrap-servers=" + internalKafka());
    }
  }

  @Test
  void topicsAreTheOnesTheEmbeddedBrokerCreates() {
    String script = services.path("kafka-topics").path("command").path(0).asText();
    for (TopicSpec topic : CrmTopics.all(2)) {
      assertThat(script).as("kafka-topics creates %s", topic).contains(topic.name());
    }
    assertThat(script).contains("create crmpulse.metrics --config cleanup.policy=compact")
        .contains("create crmpulse.alerts --config cleanup.policy=compact");
  }

  @Test
  void prometheusScrapesTheServicesWithTheJobNamesTheRulesExpectAndAlertsAlertmanager() throws IOException {
    JsonNode config = YAML.readTree(ROOT.resolve("prometheus/prometheus-compose.yml").toFile());
    JsonNode loopback = YAML.readTree(ROOT.resolve("prometheus/prometheus.yml").toFile());
    assertThat(config.path("rule_files")).isEqualTo(loopback.path("rule_files"));
    assertThat(config.path("global")).isEqualTo(loopback.path("global"));
    Map<String, List<String>> targets = new LinkedHashMap<>();
    for (JsonNode job : config.path("scrape_configs")) {
      List<String> list = new ArrayList<>();
      job.path("static_configs").forEach(c -> c.path("targets").forEach(t -> list.add(t.asText())));
      targets.put(job.path("job_name").asText(), list);
    }
    assertThat(targets).isEqualTo(Map.of(
        "crmpulse", List.of("exporter:9464"),
        "flink", List.of("jobmanager:9249", "taskmanager:9249")));
    assertThat(command("exporter")).contains("--port=9464", "--host=0.0.0.0");
    assertThat(config.path("alerting").path("alertmanagers").path(0).path("static_configs").path(0).path("targets").path(0).asText())
        .isEqualTo("alertmanager:9093");
    assertThat(command("alertmanager")).contains("--web.listen-address=0.0.0.0:9093", "--cluster.listen-address=");
  }

  @Test
  void grafanaProvisionsTheDashboardsAndTheDatasourceTheyReferTo() throws IOException {
    Map<String, Path> mounts = bindMounts();
    JsonNode dashboardsProvider = YAML.readTree(ROOT.resolve("grafana/provisioning/dashboards/crmpulse.yml").toFile());
    Path dashboardsIn = Path.of(dashboardsProvider.path("providers").path(0).path("options").path("path").asText());
    assertThat(mounts).as("grafana mounts grafana/dashboards where the provider reads")
        .containsEntry("grafana ./grafana/dashboards", dashboardsIn);
    for (String file : List.of("grafana/compose/datasources/prometheus.yml", "grafana/provisioning/datasources/prometheus.yml")) {
      JsonNode ds = YAML.readTree(ROOT.resolve(file).toFile()).path("datasources").path(0);
      assertThat(ds.path("uid").asText()).as("uid in %s", file).isEqualTo(DashboardBuilder.DATASOURCE_UID);
      assertThat(ds.path("type").asText()).isEqualTo("prometheus");
    }
    String url = YAML.readTree(ROOT.resolve("grafana/compose/datasources/prometheus.yml").toFile())
        .path("datasources").path(0).path("url").asText();
    assertThat(url).isEqualTo("http://prometheus:9090");
    String home = services.path("grafana").path("environment").path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText();
    assertThat(hostPath("grafana", home)).exists();
  }

  @Test
  void publishedPortsAreOnLoopback() {
    services.fields().forEachRemaining(service -> service.getValue().path("ports").forEach(port ->
        assertThat(port.asText()).as("port of %s", service.getKey()).startsWith("127.0.0.1:")));
    services.fields().forEachRemaining(service ->
        assertThat(service.getValue().path("network_mode").asText()).as("network of %s", service.getKey()).isNotEqualTo("host"));
  }

  /** "service ./host/path" to the path it is mounted at in the service's container. */
  private static Map<String, Path> bindMounts() {
    Map<String, Path> mounts = new LinkedHashMap<>();
    services.fields().forEachRemaining(service -> service.getValue().path("volumes").forEach(volume -> {
      String[] parts = volume.asText().split(":");
      if (parts[0].startsWith("./")) {
        mounts.put(service.getKey() + " " + parts[0], Path.of(parts[1]));
      }
    }));
    assertThat(mounts).isNotEmpty();
    return mounts;
  }

  private static Path hostPath(String service, String inContainer) {
    for (Map.Entry<String, Path> mount : bindMounts().entrySet()) {
      String[] key = mount.getKey().split(" ", 2);
      if (key[0].equals(service) && Path.of(inContainer).startsWith(mount.getValue())) {
        return ROOT.resolve(key[1]).resolve(mount.getValue().relativize(Path.of(inContainer)).toString());
      }
    }
    throw new AssertionError(service + " has no mount for " + inContainer);
  }

  private static List<String> command(String service) {
    List<String> command = new ArrayList<>();
    services.path(service).path("command").forEach(c -> command.add(c.asText()));
    return command;
  }

  private static Map<String, String> flinkProperties(String service) {
    Map<String, String> properties = new HashMap<>();
    for (String line : services.path(service).path("environment").path("FLINK_PROPERTIES").asText().split("\n")) {
      if (line.contains(": ")) {
        properties.put(line.substring(0, line.indexOf(": ")).trim(), line.substring(line.indexOf(": ") + 2).trim());
      }
    }
    return properties;
  }

  /** The bootstrap address of Kafka's listener for containers. */
  private static String internalKafka() {
    String advertised = services.path("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText();
    Matcher internal = Pattern.compile("INTERNAL://([\\w.-]+:\\d+)").matcher(advertised);
    assertThat(internal.find()).isTrue();
    return internal.group(1);
  }

  private static String avroTrustedPackages() throws IOException {
    Matcher m = Pattern.compile("<avro.trusted.packages>([^<]+)</avro.trusted.packages>")
        .matcher(Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static void collectStrings(JsonNode node, List<String> out) {
    if (node.isTextual()) {
      out.add(node.asText());
    }
    node.forEach(child -> collectStrings(child, out));
  }
}
