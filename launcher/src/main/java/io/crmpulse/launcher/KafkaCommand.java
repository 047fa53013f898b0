package io.crmpulse.launcher;

import io.crmpulse.kafka.CrmTopics;
import io.crmpulse.kafka.EmbeddedKafka;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code crmpulse kafka}: a standalone single-node Kafka broker on 127.0.0.1, with the CRM Pulse
 * topics, until Ctrl-C. Lets the job, the exporter and the simulator run as separate processes.
 */
@Command(
    name = "kafka",
    mixinStandardHelpOptions = true,
    description = {
      "Run a real single-node Kafka broker (KRaft) on 127.0.0.1 until Ctrl-C, with the CRM Pulse topics created.",
      "Point the other commands at it with --bootstrap-servers 127.0.0.1:PORT."
    })
public final class KafkaCommand implements Callable<Integer> {
  @Option(
      names = {"--kafka-port", "--port"},
      paramLabel = "PORT",
      defaultValue = "9092",
      description = "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Keep the broker's data here (reused on the next start). Default: a temporary directory, deleted on exit.")
  Path dataDir;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "2",
      description = "Partitions of each topic it creates (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--no-topics", description = "Do not create the CRM Pulse topics.")
  boolean noTopics;

  @Mixin RunFor runFor = new RunFor();

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    try (Services services = new Services(out).closeOnJvmExit()) {
      EmbeddedKafka kafka =
          services.add(
              "Kafka",
              dataDir == null
                  ? EmbeddedKafka.startInTempDir(port)
                  : EmbeddedKafka.start(dataDir.resolve("kafka"), port));
      if (!noTopics) {
        CrmTopics.createAll(kafka, partitions);
      }
      out.println("Kafka is ready at " + kafka.bootstrapServers() + " (data in " + kafka.dataDir() + ")");
      if (!noTopics) {
        out.println("Topics: " + String.join(", ", CrmTopics.all(partitions).stream().map(t -> t.name()).toList()));
      }
      out.println("Press Ctrl-C to stop.");
      out.flush();
      services.awaitStopRequest(runFor.duration);
    }
    return 0;
  }
}
