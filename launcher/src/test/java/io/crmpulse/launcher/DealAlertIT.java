package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crmpulse.contract.AvroWire;
import io.crmpulse.contract.Topics;
import io.crmpulse.events.AlertState;
import io.crmpulse.events.DealAlert;
import io.crmpulse.exporter.Exporter;
import io.crmpulse.exporter.ExporterSettings;
import io.crmpulse.jobs.config.JobConfig;
import io.crmpulse.kafka.CrmTopics;
import io.crmpulse.kafka.EmbeddedKafka;
import io.crmpulse.kafka.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live job raises a neglected-deal alert at the wall-clock moment the threshold passes, with no
 * input traffic at all after the deal was created, and resolves it when the deal is touched. Real
 * broker, job in a MiniCluster at parallelism 2, exporter with the system clock.
 */
class DealAlertIT {
  private static final Duration NEGLECT_AFTER = Duration.ofSeconds(8);
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void raisesAtTheThresholdWithNoTrafficAndResolvesOnATouch() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        KafkaProducer<byte[], byte[]> producer = KafkaTestIo.producer(kafka)) {
      CrmTopics.createAll(kafka, 2);
      Map<String, String> settings = Map.of(
          JobConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
          JobConfig.PARALLELISM, "2",
          JobConfig.NEGLECT_AFTER, NEGLECT_AFTER.toSeconds() + " s");
      try (Exporter exporter = Exporter.start(
              ExporterSettings.defaults(kafka.bootstrapServers()).withPort(0), Clock.systemUTC());
          LocalFlinkJob job = LocalFlinkJob.start(JobConfig.of(settings), LoopbackPorts.pickFree(), 0)) {
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        KafkaTestIo.produce(producer, List.of(
            line("e1", created, "rep", "{\"id\":\"r1\",\"name\":\"Ann\",\"team\":\"north\",\"time_zone\":\"UTC\"}"),
            line("e2", created, "opportunity", "{\"id\":\"o1\",\"owner_id\":\"r1\",\"stage\":\"proposal\","
                + "\"amount\":1000,\"currency\":\"EUR\",\"status\":\"open\",\"created_at\":\"" + created + "\"}")));

        String openDeal = "crmpulse_open_deals{rep=\"r1\",stage=\"proposal\",team=\"north\"}";
        String neglected = "crmpulse_neglected_deals{rep=\"r1\",team=\"north\"}";
        await().atMost(PATIENCE).until(() -> KafkaTestIo.businessSeries(exporter).containsKey(openDeal));
        assertThat(KafkaTestIo.businessSeries(exporter)).doesNotContainKey(neglected);

        // Nothing more is sent: only the wall clock moves.
        await().atMost(PATIENCE).until(() -> alerts(kafka).stream().anyMatch(a -> a.getState() == AlertState.RAISED));
        DealAlert raised = alerts(kafka).get(0);
        Instant due = created.plus(NEGLECT_AFTER).plusMillis(1);
        assertThat(raised.getAlertId()).isEqualTo("o1/neglected/" + created);
        assertThat(raised.getAt()).isBetween(due, due.plusSeconds(3));
        assertThat(raised.getOwnerId()).isEqualTo("r1");
        assertThat(raised.getTeam()).isEqualTo("north");
        assertThat(raised.getStage()).isEqualTo("proposal");
        assertThat(raised.getAmount()).isEqualTo(1000.0);
        assertThat(raised.getAgeSeconds()).isEqualTo(NEGLECT_AFTER.toSeconds());
        await().atMost(PATIENCE).until(() -> Double.valueOf(1.0).equals(KafkaTestIo.businessSeries(exporter).get(neglected)));

        Instant touched = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        KafkaTestIo.produce(producer, List.of(line("e3", touched, "activity",
            "{\"id\":\"a1\",\"rep_id\":\"r1\",\"type\":\"call\",\"direction\":\"outbound\","
                + "\"outcome\":\"connected\",\"status\":\"completed\",\"occurred_at\":\"" + touched
                + "\",\"opportunity_id\":\"o1\"}")));
        await().atMost(PATIENCE).until(() -> alerts(kafka).stream().anyMatch(a -> a.getState() == AlertState.RESOLVED));
        assertThat(alerts(kafka)).extracting(DealAlert::getEventId, DealAlert::getState, DealAlert::getReason)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple(raised.getAlertId() + "#1", AlertState.RAISED, null),
                org.assertj.core.groups.Tuple.tuple(raised.getAlertId() + "#2", AlertState.RESOLVED, "touched"));
        await().atMost(PATIENCE).until(() -> !KafkaTestIo.businessSeries(exporter).containsKey(neglected));
      }
    }
  }

  private static String line(String id, Instant at, String entity, String record) {
    return "{\"event_id\":\"" + id + "\",\"event_time\":\"" + at + "\",\"source\":\"test\",\"entity\":\""
        + entity + "\",\"change\":\"created\",\"" + entity + "\":" + record + "}";
  }

  private static List<DealAlert> alerts(EmbeddedKafka kafka) {
    var decoder = AvroWire.<DealAlert>decoder(DealAlert.getClassSchema());
    return KafkaTestIo.readAll(kafka, Topics.ALERTS, bytes -> {
      try {
        return decoder.decode(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, Duration.ofSeconds(1));
  }
}
