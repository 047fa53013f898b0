package io.crmpulse.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmpulse.contract.Topics;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts one real broker for the class and checks topics, produce/consume, ports and cleanup. */
class EmbeddedKafkaIT {
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.startInTempDir(0);
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void listensOnLoopbackOnly() {
    assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.port());
    assertThat(kafka.port()).isPositive();
  }

  @Test
  void createsCrmTopicsIdempotentlyWithCompactedMetrics() throws Exception {
    CrmTopics.createAll(kafka, 2);
    CrmTopics.createAll(kafka, 2); // second call must not fail on existing topics

    List<String> expected = new ArrayList<>(Topics.INPUTS);
    expected.add(Topics.METRICS);
    expected.add(Topics.ALERTS);
    expected.add(Topics.DEAD_LETTER);
    try (Admin admin = kafka.newAdmin()) {
      Set<String> names = admin.listTopics().names().get();
      assertThat(names).containsAll(expected);

      Map<String, TopicDescription> descriptions =
          admin.describeTopics(expected).allTopicNames().get();
      assertThat(descriptions.values()).allSatisfy(d -> assertThat(d.partitions()).hasSize(2));

      ConfigResource metrics = new ConfigResource(ConfigResource.Type.TOPIC, Topics.METRICS);
      ConfigResource deadLetter = new ConfigResource(ConfigResource.Type.TOPIC, Topics.DEAD_LETTER);
      Map<ConfigResource, Config> configs =
          admin.describeConfigs(List.of(metrics, deadLetter)).all().get();
      assertThat(configs.get(metrics).get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
          .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
      assertThat(configs.get(deadLetter).get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
          .isEqualTo(TopicConfig.CLEANUP_POLICY_DELETE);
    }
  }

  @Test
  void producesAndConsumesOneRecord() {
    kafka.createTopic("roundtrip", 1, false);

    Map<String, Object> producerProps = kafka.clientProperties();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>("roundtrip", "rep-1", "hello")).get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }

    Map<String, Object> consumerProps = kafka.clientProperties();
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "roundtrip-test");
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, String>> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of("roundtrip"));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (seen.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
      }
    }
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).key()).isEqualTo("rep-1");
    assertThat(seen.get(0).value()).isEqualTo("hello");
  }

  @Test
  void takenPortFailsWithAMessageNamingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> EmbeddedKafka.startInTempDir(port))
          .isInstanceOf(LoopbackPorts.PortInUseException.class)
          .hasMessageContaining("Kafka port " + port + " on 127.0.0.1 is already in use")
          .hasMessageContaining("--kafka-port");
    }
  }

  @Test
  void keepsAnExplicitDataDirAndReusesItOnRestart(@TempDir Path dir) {
    Path data = dir.resolve("kafka");
    try (EmbeddedKafka first = EmbeddedKafka.start(data, 0)) {
      first.createTopic("survivor", 1, true);
    }
    assertThat(data).isDirectory();
    assertThat(Files.exists(data.resolve("meta.properties"))).isTrue();

    try (EmbeddedKafka second = EmbeddedKafka.start(data, 0);
        Admin admin = second.newAdmin()) {
      assertThat(admin.listTopics().names().get()).contains("survivor");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void deletesItsOwnTempDirOnClose() {
    EmbeddedKafka own = EmbeddedKafka.startInTempDir(0);
    Path data = own.dataDir();
    assertThat(data).isDirectory();
    own.close();
    own.close(); // idempotent
    assertThat(data).doesNotExist();
  }
}
