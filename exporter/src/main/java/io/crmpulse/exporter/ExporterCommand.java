package io.crmpulse.exporter;

import io.crmpulse.contract.Topics;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code crmpulse exporter}: serves the snapshot topic as Prometheus series until interrupted
 * (Ctrl-C or SIGTERM stop it cleanly). Exit code 0 after a clean stop, 1 when it cannot start.
 */
@Command(
    name = "exporter",
    mixinStandardHelpOptions = true,
    description = "Serve the business series of the snapshot topic at /metrics for Prometheus.")
public final class ExporterCommand implements Callable<Integer> {

  @Option(
      names = "--bootstrap-servers",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(
      names = "--topic",
      defaultValue = Topics.METRICS,
      description = "Compacted snapshot topic to read (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(
      names = "--host",
      defaultValue = MetricsServer.DEFAULT_HOST,
      description = "Address to serve on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "" + MetricsServer.DEFAULT_PORT,
      description = "Port to serve on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--kafka-property",
      paramLabel = "KEY=VALUE",
      description = "Extra Kafka consumer setting (security.protocol=SSL, ...); repeatable.")
  Map<String, String> kafkaProperties = new LinkedHashMap<>();

  @Spec CommandSpec spec;

  private volatile Exporter running;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (port < 0 || port > 65535) {
      err.println("exporter: --port " + port + " is outside 0..65535");
      err.flush();
      return CommandLine.ExitCode.USAGE;
    }
    ExporterSettings settings =
        new ExporterSettings(bootstrapServers, topic, host, port, kafkaProperties);
    Exporter exporter;
    try {
      exporter = Exporter.start(settings, Clock.systemUTC());
    } catch (ExporterStartException e) {
      err.println("exporter: " + e.getMessage());
      err.flush();
      return CommandLine.ExitCode.SOFTWARE;
    }
    running = exporter;
    err.printf(
        "exporter: serving http://%s:%d/metrics (and the sales-floor wall on /wall) from topic"
            + " %s at %s; Ctrl-C stops%n",
        host, exporter.port(), topic, bootstrapServers);
    err.flush();

    CountDownLatch stopped = new CountDownLatch(1);
    // SIGINT/SIGTERM run shutdown hooks, not finally blocks: close there so the consumer leaves
    // cleanly; the latch lets this thread return once that is done.
    Thread hook =
        new Thread(
            () -> {
              exporter.close();
              stopped.countDown();
            },
            "crmpulse-exporter-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    boolean interrupted = false;
    try {
      stopped.await();
    } catch (InterruptedException e) {
      // Interrupting the calling thread is the embedded way to stop (tests, a launcher). The flag
      // is restored only after closing, which waits for the consumer thread.
      interrupted = true;
    } finally {
      exporter.close();
      removeHook(hook);
      running = null;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return CommandLine.ExitCode.OK;
  }

  /** The exporter while {@link #call()} runs, else null; for launchers and tests. */
  Exporter running() {
    return running;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run; nothing to remove.
    }
  }

  /** Runs the command on its own, outside the {@code crmpulse} CLI. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ExporterCommand()).execute(args));
  }
}
