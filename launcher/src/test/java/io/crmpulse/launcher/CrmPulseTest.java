package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.simulator.LiveFeed;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line itself: help, and failing fast with a named port before starting anything. */
class CrmPulseTest {

  @Test
  void helpListsEverySubcommand() {
    StringWriter out = new StringWriter();
    CommandLine cli = CrmPulse.commandLine();
    cli.setOut(new PrintWriter(out));

    int code = cli.execute("--help");

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("Usage: crmpulse")
        .contains("demo")
        .contains("replay")
        .contains("job")
        .contains("kafka")
        .contains("exporter")
        .contains("simulate");
  }

  @Test
  void missingSubcommandIsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cli = CrmPulse.commandLine();
    cli.setErr(new PrintWriter(err));

    assertThat(cli.execute()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("Missing command");
  }

  @Test
  void demoWithATakenPortFailsFastNamingThePortAndTheOption() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      int port = taken.getLocalPort();
      StringWriter err = new StringWriter();
      CommandLine cli = CrmPulse.commandLine();
      cli.setErr(new PrintWriter(err, true));

      long started = System.nanoTime();
      int code =
          cli.execute(
              "demo",
              "--kafka-port", "0",
              "--flink-ui-port", "0",
              "--flink-metrics-port", "0",
              "--prometheus-port", "0",
              "--metrics-port", String.valueOf(port));
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(code).isEqualTo(1);
      assertThat(err.toString())
          .contains("Metrics port " + port + " on 127.0.0.1 is already in use")
          .contains("--metrics-port")
          .doesNotContain("Exception");
      // Nothing was started: a broker alone takes seconds.
      assertThat(took).isLessThan(Duration.ofSeconds(2));
    }
  }

  @Test
  void flinkMetricsPortTakenIsNamedToo() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      int port = taken.getLocalPort();
      StringWriter err = new StringWriter();
      CommandLine cli = CrmPulse.commandLine();
      cli.setErr(new PrintWriter(err, true));

      int code =
          cli.execute(
              "demo", "--kafka-port", "0", "--metrics-port", "0", "--flink-ui-port", "0",
              "--prometheus-port", "0", "--flink-metrics-port", String.valueOf(port));

      assertThat(code).isEqualTo(1);
      assertThat(err.toString())
          .contains("Flink metrics port " + port + " on 127.0.0.1 is already in use")
          .contains("--flink-metrics-port");
    }
  }

  @Test
  void kafkaPortTakenIsNamedToo() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      int port = taken.getLocalPort();
      StringWriter err = new StringWriter();
      CommandLine cli = CrmPulse.commandLine();
      cli.setErr(new PrintWriter(err, true));

      int code = cli.execute("kafka", "--kafka-port", String.valueOf(port));

      assertThat(code).isEqualTo(1);
      assertThat(err.toString()).contains("Kafka port " + port).contains("--kafka-port");
    }
  }

  @Test
  void jobOptionsDefaultToParallelism2AndTheGivenCheckpointDir(@TempDir Path dir) {
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo).parseArgs("--set", "snapshots.flush-interval=1 s");

    Configuration flink = demo.job.load("127.0.0.1:1234", dir).flinkConfiguration();

    assertThat(flink.get(CoreOptions.DEFAULT_PARALLELISM)).isEqualTo(2);
    assertThat(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo(dir.toUri().toString());
    assertThat(demo.job.load("127.0.0.1:1234", dir).bootstrapServers()).isEqualTo("127.0.0.1:1234");
  }

  @Test
  void explicitParallelismAndConfigKeysWin(@TempDir Path dir) {
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo)
        .parseArgs("--parallelism", "3", "--set", "checkpoints.dir=file:///elsewhere");

    Configuration flink = demo.job.load("127.0.0.1:1234", dir).flinkConfiguration();

    assertThat(flink.get(CoreOptions.DEFAULT_PARALLELISM)).isEqualTo(3);
    assertThat(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("file:///elsewhere");
  }

  @Test
  void badConfigKeyFailsWithTheKeyNamed() {
    StringWriter err = new StringWriter();
    CommandLine cli = CrmPulse.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int code =
        cli.execute(
            "demo", "--kafka-port", "0", "--metrics-port", "0", "--flink-ui-port", "0",
            "--flink-metrics-port", "0", "--no-prometheus", "--set", "no.such.key=1");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("no.such.key").doesNotContain("Exception");
  }

  @Test
  void demoSendsTwoWeeksOfHistoryUnlessToldOtherwise() {
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo).parseArgs();
    assertThat(demo.feedSettings()).isEqualTo(LiveFeed.Settings.defaults(42, 1));
    assertThat(demo.feedSettings().history()).isEqualTo(Duration.ofDays(14));

    // 0 is the feed without a history: the warm-up hour after the backlog, as before.
    demo = new DemoCommand();
    new CommandLine(demo).parseArgs("--history", "0", "--seed", "5");
    assertThat(demo.feedSettings())
        .isEqualTo(LiveFeed.Settings.defaults(5, 1).withHistory(Duration.ZERO));

    demo = new DemoCommand();
    new CommandLine(demo).parseArgs("--history", "36h");
    assertThat(demo.feedSettings().history()).isEqualTo(Duration.ofHours(36));
    demo = new DemoCommand();
    new CommandLine(demo).parseArgs("--history", "30d");
    assertThat(demo.feedSettings().history()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void badHistoryFailsBeforeAnythingStarts() {
    StringWriter err = new StringWriter();
    CommandLine cli = CrmPulse.commandLine();
    cli.setErr(new PrintWriter(err, true));

    assertThat(cli.execute("demo", "--history", "two weeks")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("'two weeks' is not a history length such as 14d, 36h or 0");

    long started = System.nanoTime();
    int code =
        cli.execute(
            "demo", "--kafka-port", "0", "--metrics-port", "0", "--flink-ui-port", "0",
            "--flink-metrics-port", "0", "--no-prometheus", "--history", "90d");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .contains("--history 90d: history must be between 0 and 62 days")
        .doesNotContain("Exception");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void durationsAcceptSecondsAndUnits() {
    DurationConverter converter = new DurationConverter();
    assertThat(converter.convert("60")).isEqualTo(Duration.ofSeconds(60));
    assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(converter.convert("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void prometheusConfigScrapesTheExporterOnLoopback() {
    String yaml = PrometheusProcess.config(9999, 0, java.util.Optional.empty());
    assertThat(yaml).contains("scrape_interval: 5s").contains("'127.0.0.1:9999'").doesNotContain("rule_files")
        .doesNotContain("job_name: flink");
  }

  @Test
  void prometheusConfigScrapesFlinksReporterAndLoadsTheRules() {
    String yaml = PrometheusProcess.config(9999, 9249, java.util.Optional.of(Path.of("/repo/prometheus/rules")));
    assertThat(yaml).contains("job_name: flink").contains("'127.0.0.1:9249'")
        .contains("rule_files:\n  - '/repo/prometheus/rules/*.yml'");
  }
}
