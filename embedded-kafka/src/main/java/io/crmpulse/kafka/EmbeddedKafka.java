package io.crmpulse.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka cluster (one process acting as KRaft broker and controller) running
 * inside this JVM, built from Kafka's own server classes. Every listener binds 127.0.0.1.
 *
 * <p>It lets the demo and the integration tests run against genuine Kafka semantics (transactions,
 * compaction, consumer groups) on a machine with nothing but Java and Maven.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.startInTempDir(0)) {
 *   CrmTopics.createAll(kafka, 2);
 *   String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  /** Retries when an automatically picked port was taken between picking and binding. */
  private static final int AUTO_PORT_ATTEMPTS = 3;

  private final KafkaRaftServer server;
  private final Path dataDir;
  private final boolean ownsDataDir;
  private final int port;
  private final String bootstrapServers;
  private boolean closed;

  private EmbeddedKafka(KafkaRaftServer server, Path dataDir, boolean ownsDataDir, int port) {
    this.server = server;
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
    this.port = port;
    this.bootstrapServers = LoopbackPorts.HOST + ":" + port;
  }

  /**
   * Starts a broker whose log lives in {@code dataDir}, which is created if missing and kept on
   * {@link #close()}. A directory formatted by an earlier run is reused, so its topics and data
   * survive a restart. Kafka treats every sub-directory of it as a partition, so give it a
   * directory of its own.
   *
   * @param port the client listener port on 127.0.0.1; 0 picks a free one
   * @throws LoopbackPorts.PortInUseException if an explicit {@code port} is taken
   */
  public static EmbeddedKafka start(Path dataDir, int port) {
    return start(dataDir, port, false, Map.of());
  }

  /**
   * Like {@link #start(Path, int)}, with extra broker properties that override the defaults
   * (for example {@code num.partitions} or {@code log.retention.ms}).
   */
  public static EmbeddedKafka start(Path dataDir, int port, Map<String, String> brokerOverrides) {
    return start(dataDir, port, false, brokerOverrides);
  }

  /** Starts a broker in a new temporary directory that {@link #close()} deletes. */
  public static EmbeddedKafka startInTempDir(int port) {
    Path dir;
    try {
      dir = Files.createTempDirectory("crmpulse-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary directory for Kafka", e);
    }
    try {
      return start(dir, port, true, Map.of());
    } catch (RuntimeException e) {
      deleteRecursively(dir);
      throw e;
    }
  }

  private static EmbeddedKafka start(
      Path dataDir, int port, boolean ownsDataDir, Map<String, String> overrides) {
    LoopbackPorts.requireFree(port, "Kafka", "--kafka-port");
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create Kafka data directory " + dataDir, e);
    }
    int attempts = port == 0 ? AUTO_PORT_ATTEMPTS : 1;
    RuntimeException last = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      int brokerPort = port == 0 ? LoopbackPorts.pickFree() : port;
      int controllerPort = LoopbackPorts.pickFree();
      try {
        return startOnce(dataDir, ownsDataDir, brokerPort, controllerPort, overrides);
      } catch (RuntimeException e) {
        last = e;
        // An explicit port that was free a moment ago and now fails to bind is still "in use".
        if (port != 0 && !LoopbackPorts.isFree(port)) {
          throw new LoopbackPorts.PortInUseException(port, "Kafka", "--kafka-port");
        }
        LOG.warn("Kafka failed to start (attempt {}/{}): {}", attempt, attempts, e.toString());
      }
    }
    throw new IllegalStateException(
        "Kafka failed to start in " + dataDir + ": " + last.getMessage(), last);
  }

  private static EmbeddedKafka startOnce(
      Path dataDir,
      boolean ownsDataDir,
      int brokerPort,
      int controllerPort,
      Map<String, String> overrides) {
    Properties props = brokerProperties(dataDir, brokerPort, controllerPort);
    props.putAll(overrides);
    KafkaConfig config = KafkaConfig.fromProps(props, false);
    format(dataDir);

    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    EmbeddedKafka kafka = new EmbeddedKafka(server, dataDir, ownsDataDir, brokerPort);
    try {
      server.startup();
      kafka.awaitReady();
    } catch (RuntimeException e) {
      kafka.stopServer();
      throw e;
    }
    LOG.info("Embedded Kafka ready at {} (data in {})", kafka.bootstrapServers, dataDir);
    return kafka;
  }

  static Properties brokerProperties(Path dataDir, int brokerPort, int controllerPort) {
    String host = LoopbackPorts.HOST;
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://" + host + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + host + ":"
            + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + brokerPort);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dataDir.toAbsolutePath().toString());
    // One broker: every internal topic must get by with a single replica.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    // Consumers should not wait 3 s for a rebalance that has nobody else to wait for.
    p.put("group.initial.rebalance.delay.ms", "0");
    // The 128 MiB default is allocated on heap as soon as a compacted topic exists.
    p.put("log.cleaner.dedupe.buffer.size", "2097152");
    // Flink's KafkaSink uses a 1 h transaction timeout; the broker default (15 min) rejects it.
    p.put("transaction.max.timeout.ms", "3600000");
    return p;
  }

  private static void format(Path dataDir) {
    // A directory from an earlier run keeps its cluster id, topics and data. (The Formatter's
    // ignore-formatted mode still insists on the same cluster id, which a new run cannot know.)
    if (Files.exists(dataDir.resolve("meta.properties"))) {
      return;
    }
    String dir = dataDir.toAbsolutePath().toString();
    Formatter formatter =
        new Formatter()
            .setNodeId(NODE_ID)
            .setClusterId(Uuid.randomUuid().toString())
            .setControllerListenerName(CONTROLLER_LISTENER)
            .setMetadataLogDirectory(dir)
            .addDirectory(dir)
            .setReleaseVersion(MetadataVersion.latestProduction())
            .setPrintStream(new PrintStream(OutputStream.nullOutputStream()));
    try {
      formatter.run();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot format Kafka data directory " + dir, e);
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try (Admin admin = newAdmin()) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            break;
          }
        } catch (ExecutionException | TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "Kafka at " + bootstrapServers + " did not become ready in " + READY_TIMEOUT, e);
          }
        }
        Thread.sleep(50);
      }
      // Creates __consumer_offsets now (about 0.2 s) so that the first offset commits of a
      // consumer do not log CoordinatorNotAvailable warnings.
      admin.listConsumerGroupOffsets("crmpulse-warmup").partitionsToOffsetAndMetadata().get(
          30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Kafka", e);
    } catch (ExecutionException | TimeoutException e) {
      // The warm-up is only cosmetic; the broker itself is up.
      LOG.debug("Consumer offsets warm-up did not complete", e);
    }
  }

  /** The {@code bootstrap.servers} value for clients, e.g. {@code 127.0.0.1:9092}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The client listener port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** The directory holding the broker's log. */
  public Path dataDir() {
    return dataDir;
  }

  /** Minimal client properties ({@code bootstrap.servers}) to build producers and consumers on. */
  public Map<String, Object> clientProperties() {
    Map<String, Object> props = new HashMap<>();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return props;
  }

  /** A new admin client for this broker; the caller closes it. */
  public Admin newAdmin() {
    Map<String, Object> props = clientProperties();
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "crmpulse-embedded-admin");
    return Admin.create(props);
  }

  /** Creates topics, ignoring those that already exist, and waits until they are visible. */
  public void createTopics(Collection<TopicSpec> topics) {
    try (Admin admin = newAdmin()) {
      CrmTopics.create(admin, topics);
    }
  }

  /** Creates topics, ignoring those that already exist, and waits until they are visible. */
  public void createTopics(TopicSpec... topics) {
    createTopics(Arrays.asList(topics));
  }

  /** Creates one topic unless it exists. */
  public void createTopic(String name, int partitions, boolean compacted) {
    createTopics(new TopicSpec(name, partitions, compacted));
  }

  /**
   * Stops the broker and waits until it has shut down; deletes the data directory if this instance
   * created it. Calling it again does nothing.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopServer();
    if (ownsDataDir) {
      deleteRecursively(dataDir);
    }
  }

  private void stopServer() {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warn("Kafka did not shut down cleanly", e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      LOG.warn("Could not delete {}: {}", dir, e.toString());
    }
  }
}
