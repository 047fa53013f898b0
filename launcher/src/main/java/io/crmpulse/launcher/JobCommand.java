package io.crmpulse.launcher;

import io.crmpulse.jobs.config.JobConfig;
import io.crmpulse.kafka.CrmTopics;
import io.crmpulse.kafka.LoopbackPorts;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code crmpulse job}: the live Flink job in a local MiniCluster (with the web UI) against an
 * existing Kafka, until Ctrl-C. The same wiring as the demo, without the broker, exporter and
 * simulator around it.
 */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description = {
      "Run the live CRM Pulse Flink job in a local MiniCluster against a Kafka cluster, until Ctrl-C.",
      "Creates the CRM Pulse topics if they are missing."
    })
public final class JobCommand implements Callable<Integer> {
  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      description = "Kafka to read from and write to (default: kafka.bootstrap-servers from the config, else 127.0.0.1:9092).")
  String bootstrapServers;

  @Option(
      names = "--checkpoint-dir",
      paramLabel = "DIR",
      description = "Directory for checkpoints unless the config sets checkpoints.dir (default: a temporary directory).")
  Path checkpointDir;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "2",
      description = "Partitions of topics it has to create (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Mixin RunFor runFor = new RunFor();

  @Mixin JobOptions job;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    int uiPort = resolvePort(job.flinkUiPort, "Flink web UI", "--flink-ui-port");
    int metricsPort = resolvePort(job.flinkMetricsPort, "Flink metrics", "--flink-metrics-port");
    Path tempDir = null;
    Path checkpoints = checkpointDir;
    if (checkpoints == null) {
      tempDir = Files.createTempDirectory("crmpulse-job-");
      checkpoints = tempDir.resolve("checkpoints");
    }
    try (Services services = new Services(out).closeOnJvmExit()) {
      if (tempDir != null) {
        Path dir = tempDir;
        services.addCleanup("Removing temporary files...", () -> Dirs.deleteQuietly(dir));
      }
      JobConfig config = job.load(bootstrapServers, checkpoints.toAbsolutePath());
      requireReachable(config.bootstrapServers());
      CrmTopics.createAll(config.bootstrapServers(), partitions);

      LocalFlinkJob flink = services.add("Flink job", LocalFlinkJob.start(config, uiPort, metricsPort));
      out.println("CRM Pulse job running against Kafka " + config.bootstrapServers());
      out.println("  Flink web UI:  " + flink.webUiUrl());
      out.println("  Flink metrics: " + flink.metricsUrl());
      out.println("Press Ctrl-C to stop.");
      out.flush();
      services.awaitStopRequest(runFor.duration);
    }
    return 0;
  }

  /** Fails fast for a taken port and turns 0 into a concrete port, so the URL can be printed. */
  static int resolvePort(int port, String what, String option) {
    LoopbackPorts.requireFree(port, what, option);
    return port == 0 ? LoopbackPorts.pickFree() : port;
  }

  /** A missing broker would otherwise show up only as a job retrying forever. */
  static void requireReachable(String bootstrapServers) {
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000))) {
      admin.describeCluster().nodes().get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new UserException(
          "cannot reach Kafka at "
              + bootstrapServers
              + "; start one with './crmpulse kafka' or pass --bootstrap-servers",
          e);
    }
  }
}
