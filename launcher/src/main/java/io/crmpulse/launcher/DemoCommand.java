package io.crmpulse.launcher;

import io.crmpulse.contract.Topics;
import io.crmpulse.exporter.Exporter;
import io.crmpulse.exporter.ExporterSettings;
import io.crmpulse.jobs.config.JobConfig;
import io.crmpulse.kafka.CrmTopics;
import io.crmpulse.kafka.EmbeddedKafka;
import io.crmpulse.kafka.LoopbackPorts;
import io.crmpulse.simulator.LiveFeed;
import io.crmpulse.simulator.SimulationOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code crmpulse demo}: the whole system in one process on loopback, on a machine with nothing
 * but Java and Maven — a real Kafka broker, the Flink job in a local MiniCluster, the exporter, the
 * simulator feeding live CRM events, and Prometheus when it is installed. Prints where to look,
 * then runs until Ctrl-C (or {@code --duration}).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run everything on 127.0.0.1: Kafka, the Flink job, the exporter, a simulated sales team,"
            + " and Prometheus if it is installed. Prints the URLs to open; Ctrl-C stops it all.")
public final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Keep Kafka data, checkpoints and Prometheus data here, to look at after the demo"
              + " (default: a temporary directory, deleted on exit). A later run in the same"
              + " directory re-reads the stored events; give it another --seed, since event ids"
              + " derive from the seed.")
  Path dataDir;

  @Option(
      names = "--kafka-port",
      paramLabel = "PORT",
      defaultValue = "9092",
      description = "Kafka client port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int kafkaPort;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      defaultValue = "9464",
      description = "Exporter /metrics port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int metricsPort;

  @Option(
      names = "--prometheus-port",
      paramLabel = "PORT",
      defaultValue = "9090",
      description = "Prometheus port, if prometheus is on PATH (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int prometheusPort;

  @Option(names = "--no-prometheus", description = "Do not start Prometheus even if it is installed.")
  boolean noPrometheus;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "2",
      description = "Partitions of each topic (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--speed",
      paramLabel = "X",
      defaultValue = "1",
      description =
          "Simulated seconds per wall second (default: ${DEFAULT-VALUE}: real time, with a busier"
              + " than real team so that the wall moves every minute; 60 runs an hour a minute).")
  double speed;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "Seed of the simulated events; the same seed gives the same team and events (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--history",
      paramLabel = "DAYS",
      defaultValue = "14d",
      converter = HistoryConverter.class,
      description =
          "Realistic days (rate 1, quiet weekends) simulated before the warm-up hour and sent at"
              + " once, so that week, month, 7 d and 30 d series show numbers from the start"
              + " (default: ${DEFAULT-VALUE}; 0 sends none; at most "
              + SimulationOptions.MAX_HISTORY_DAYS
              + "d).")
  Duration history;

  @Mixin RunFor runFor = new RunFor();

  @Mixin JobOptions job = new JobOptions();

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    // The hook goes in before anything starts, so that Ctrl-C during start-up stops what is up.
    Services services = new Services(out).closeOnJvmExit();
    try (RunningDemo demo = start(out, services)) {
      printBanner(out, demo);
      demo.services.awaitStopRequest(runFor.duration);
    }
    return 0;
  }

  /** The simulated team's feed: the demo's defaults at {@code --speed}, with {@code --history}. */
  LiveFeed.Settings feedSettings() {
    LiveFeed.Settings settings;
    try {
      settings = LiveFeed.Settings.defaults(seed, speed);
    } catch (IllegalArgumentException e) {
      throw new UserException("--speed " + speed + ": " + e.getMessage(), e);
    }
    try {
      return settings.withHistory(history);
    } catch (IllegalArgumentException e) {
      throw new UserException("--history " + history.toDays() + "d: " + e.getMessage(), e);
    }
  }

  /** The ports the demo will use, each checked free (or picked) before anything starts. */
  record Ports(int kafka, int metrics, int flinkUi, int flinkMetrics, int prometheus) {}

  Ports resolvePorts(boolean withPrometheus) {
    // Check every explicit port first, so that a taken one fails before anything has started.
    LoopbackPorts.requireFree(kafkaPort, "Kafka", "--kafka-port");
    LoopbackPorts.requireFree(metricsPort, "Metrics", "--metrics-port");
    LoopbackPorts.requireFree(job.flinkUiPort, "Flink web UI", "--flink-ui-port");
    LoopbackPorts.requireFree(job.flinkMetricsPort, "Flink metrics", "--flink-metrics-port");
    if (withPrometheus) {
      LoopbackPorts.requireFree(prometheusPort, "Prometheus", "--prometheus-port");
    }
    // Ports the user left to us (0) become concrete now, so that every URL can be printed.
    // Kafka and the exporter pick their own: they report what they bound.
    return new Ports(
        kafkaPort,
        metricsPort,
        job.flinkUiPort == 0 ? LoopbackPorts.pickFree() : job.flinkUiPort,
        job.flinkMetricsPort == 0 ? LoopbackPorts.pickFree() : job.flinkMetricsPort,
        withPrometheus && prometheusPort == 0 ? LoopbackPorts.pickFree() : prometheusPort);
  }

  /**
   * Starts every part and returns them running; the caller closes the result (which stops them in
   * reverse order). Used by {@link #call()} and by tests.
   */
  RunningDemo start(PrintStream out, Services services) throws Exception {
    if (partitions < 1) {
      throw new UserException("--partitions must be at least 1, was " + partitions);
    }
    LiveFeed.Settings feedSettings = feedSettings();
    Optional<Path> prometheusBinary =
        noPrometheus ? Optional.empty() : PrometheusProcess.findOnPath();
    Ports ports = resolvePorts(prometheusBinary.isPresent());
    // Validate the job configuration before starting anything, too.
    job.load(null, null);

    RunningDemo demo = new RunningDemo(services);
    demo.prometheusSkipped = noPrometheus;
    try {
      Path dir = dataDir;
      if (dir == null) {
        dir = Files.createTempDirectory("crmpulse-demo-");
        Path temp = dir;
        services.addCleanup("Removing temporary files...", () -> Dirs.deleteQuietly(temp));
      } else {
        Files.createDirectories(dir);
      }
      demo.dataDir = dir;

      out.println("Starting Kafka...");
      EmbeddedKafka kafka =
          services.add("Kafka", EmbeddedKafka.start(dir.resolve("kafka"), ports.kafka()));
      CrmTopics.createAll(kafka, partitions);
      demo.kafka = kafka;

      out.println("Starting the exporter...");
      demo.exporter =
          services.add(
              "exporter",
              Exporter.start(
                  ExporterSettings.defaults(kafka.bootstrapServers()).withPort(ports.metrics()),
                  Clock.systemUTC()));

      out.println("Starting the Flink job...");
      JobConfig config =
          job.load(kafka.bootstrapServers(), dir.resolve("checkpoints").toAbsolutePath());
      demo.flink = services.add("Flink job", LocalFlinkJob.start(config, ports.flinkUi(), ports.flinkMetrics()));

      demo.alerts = services.add("alert feed", AlertFeed.start(kafka.clientProperties(), out));

      out.println("Starting the simulated sales team...");
      demo.feed =
          services.add("simulator", LiveFeed.start(kafka.bootstrapServers(), feedSettings));

      if (prometheusBinary.isPresent()) {
        out.println("Starting Prometheus...");
        demo.prometheus =
            services.add(
                "Prometheus",
                PrometheusProcess.start(
                    prometheusBinary.get(),
                    dir.resolve("prometheus"),
                    ports.prometheus(),
                    demo.exporter.port(),
                    demo.flink.metricsPort(),
                    rulesDir()));
      }
      return demo;
    } catch (Exception | Error e) {
      services.close();
      throw e;
    }
  }

  /** The project's alert and recording rules, when run from a checkout that has them. */
  static Optional<Path> rulesDir() {
    String home = System.getProperty("crmpulse.home", System.getProperty("user.dir"));
    Path rules = Path.of(home, "prometheus", "rules");
    try (var files = Files.list(rules)) {
      return files.anyMatch(f -> f.toString().endsWith(".yml")) ? Optional.of(rules) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static void printBanner(PrintStream out, RunningDemo demo) {
    String metrics = demo.metricsUrl();
    out.println();
    out.println("CRM Pulse demo is running (data in " + demo.dataDir + ")");
    out.println("  Metrics (Prometheus format): " + metrics);
    out.println("  Sales-floor wall (browser):  " + demo.wallUrl());
    out.println("  Flink web UI:                " + demo.flink.webUiUrl());
    out.println("  Flink metrics (Prometheus):  " + demo.flink.metricsUrl());
    if (demo.prometheus != null) {
      out.println("  Prometheus:                  " + demo.prometheus.url()
          + "/graph?g0.expr=crmpulse_calls_today");
    } else if (demo.prometheusSkipped) {
      out.println("  Prometheus:                  not started (--no-prometheus)");
    } else {
      out.println("  Prometheus:                  not started (install the 'prometheus' package to get it)");
    }
    out.println("  Kafka bootstrap servers:     " + demo.kafka.bootstrapServers());
    out.println();
    out.println("Try: curl -s " + metrics + " | grep crmpulse_calls_today");
    out.println("Deal alerts (topic " + Topics.ALERTS + ") are printed below as [alert] lines.");
    out.println("Press Ctrl-C to stop.");
    out.flush();
  }

  /** The demo's running parts; closing it stops them all, last started first. */
  static final class RunningDemo implements AutoCloseable {
    final Services services;
    Path dataDir;
    EmbeddedKafka kafka;
    Exporter exporter;
    LocalFlinkJob flink;
    LiveFeed feed;
    AlertFeed alerts;
    PrometheusProcess prometheus;
    boolean prometheusSkipped;

    RunningDemo(Services services) {
      this.services = services;
    }

    String metricsUrl() {
      return "http://" + LoopbackPorts.HOST + ":" + exporter.port() + "/metrics";
    }

    /** The exporter's built-in wall: leaderboard, deals needing attention, pipeline, data age. */
    String wallUrl() {
      return "http://" + LoopbackPorts.HOST + ":" + exporter.port() + "/wall";
    }

    @Override
    public void close() {
      services.close();
    }
  }

  /** {@code --history}: whole days ({@code 14d}) or hours ({@code 36h}), or {@code 0} for none. */
  static final class HistoryConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      try {
        if (v.equals("0")) {
          return Duration.ZERO;
        }
        long amount = Long.parseLong(v.substring(0, v.length() - 1));
        if (amount >= 0 && v.endsWith("d")) {
          return Duration.ofDays(amount);
        }
        if (amount >= 0 && v.endsWith("h")) {
          return Duration.ofHours(amount);
        }
      } catch (RuntimeException e) {
        // Not a number before the unit: said below.
      }
      throw new TypeConversionException(
          "'" + value + "' is not a history length such as 14d, 36h or 0");
    }
  }
}
