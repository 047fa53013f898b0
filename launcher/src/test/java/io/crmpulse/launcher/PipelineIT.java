package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.crmpulse.contract.AvroWire;
import io.crmpulse.contract.Topics;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.DeadLetter;
import io.crmpulse.events.DeadLetterKind;
import io.crmpulse.exporter.Exporter;
import io.crmpulse.exporter.ExporterSettings;
import io.crmpulse.jobs.config.JobConfig;
import io.crmpulse.kafka.CrmTopics;
import io.crmpulse.kafka.EmbeddedKafka;
import io.crmpulse.kafka.LoopbackPorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real pipeline end to end: Avro events on a KRaft broker, the job in a MiniCluster at
 * parallelism 2, snapshots on the compacted topic, the exporter's /metrics. The exporter's clock
 * stands at the known event set's as-of, so the served numbers must be the hand-worked ones. Half
 * way, the job is cancelled and resumed from its last retained checkpoint, and at the end started
 * afresh without one: nothing may be lost or counted twice.
 */
class PipelineIT {
  private static final byte[] GARBAGE = "not avro".getBytes(StandardCharsets.UTF_8);
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void servesTheHandWorkedNumbersAndSurvivesRestartsWithoutLossOrDoubleCounts()
      throws Exception {
    List<String> lines = KnownEvents.lines();
    List<String> firstHalf = lines.subList(0, 8);
    Path checkpoints = dir.resolve("checkpoints");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        KafkaProducer<byte[], byte[]> producer = KafkaTestIo.producer(kafka)) {
      CrmTopics.createAll(kafka, 2);
      KafkaTestIo.produce(producer, firstHalf);
      producer.send(new ProducerRecord<>(Topics.ACTIVITIES, GARBAGE)).get();

      Map<String, String> settings = new HashMap<>(Map.of(
          JobConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
          JobConfig.CHECKPOINT_DIR, checkpoints.toUri().toString(),
          JobConfig.CHECKPOINT_INTERVAL, "1 s",
          JobConfig.PARALLELISM, "2"));
      Clock atAsOf = Clock.fixed(KnownEvents.AS_OF, ZoneOffset.UTC);
      try (Exporter exporter =
          Exporter.start(ExporterSettings.defaults(kafka.bootstrapServers()).withPort(0), atAsOf)) {
        // The job's own now is the wall clock, months after these events: no windows, no pace.
        Map<String, Double> expectedFirst = KnownEvents.periodic(ReferenceMetrics.compute(firstHalf,
            KnownEvents.AS_OF, Duration.ofHours(1), Duration.ofDays(1), ZoneOffset.UTC));
        assertThat(expectedFirst).isNotEmpty();

        try (LocalFlinkJob job = LocalFlinkJob.start(JobConfig.of(settings), LoopbackPorts.pickFree(), 0)) {
          await().atMost(PATIENCE).until(() -> KafkaTestIo.businessSeries(exporter).equals(expectedFirst));
          await().atMost(PATIENCE).until(() -> latestCheckpoint(checkpoints) != null);
        }

        KafkaTestIo.produce(producer, lines.subList(8, lines.size()));
        settings.put(JobConfig.RESTORE_FROM, latestCheckpoint(checkpoints).toUri().toString());
        try (LocalFlinkJob resumed = LocalFlinkJob.start(JobConfig.of(settings), LoopbackPorts.pickFree(), 0)) {
          await().atMost(PATIENCE).untilAsserted(() ->
              assertThat(KafkaTestIo.businessSeries(exporter))
                  .isEqualTo(KnownEvents.periodic(KnownEvents.EXPECTED)));
        }

        // Resumed from a checkpoint, the bad record was dead-lettered exactly once.
        assertThat(deadLetters(kafka)).singleElement().satisfies(PipelineIT::isTheGarbageRecord);

        // A fresh start without any checkpoint rebuilds its state from the topics' recent history:
        // one more call must add to the day, not start it over.
        settings.remove(JobConfig.RESTORE_FROM);
        settings.put(JobConfig.CHECKPOINT_DIR, dir.resolve("fresh-checkpoints").toUri().toString());
        List<String> withNewCall = new ArrayList<>(lines);
        withNewCall.add(lines.get(2).replace("\"e03\"", "\"e-new\"").replace("c1", "c-new")
            .replace("2026-03-10T14:05:00Z", "2026-03-10T23:19:00Z"));
        Map<String, Double> expectedAfterNewCall = KnownEvents.periodic(ReferenceMetrics.compute(
            withNewCall, KnownEvents.AS_OF, Duration.ofHours(1), Duration.ofDays(1), ZoneOffset.UTC));
        assertThat(expectedAfterNewCall)
            .containsEntry("crmpulse_calls_today{rep=\"r-ny\",team=\"west\"}", 3.0);
        try (LocalFlinkJob fresh = LocalFlinkJob.start(JobConfig.of(settings), LoopbackPorts.pickFree(), 0)) {
          KafkaTestIo.produce(producer, withNewCall.subList(lines.size(), withNewCall.size()));
          await().atMost(PATIENCE).untilAsserted(() ->
              assertThat(KafkaTestIo.businessSeries(exporter)).isEqualTo(expectedAfterNewCall));
        }
      }

      // Rebuilding from history re-reads the bad record: its letter may repeat, recognisably.
      List<DeadLetter> letters = deadLetters(kafka);
      assertThat(letters).allSatisfy(PipelineIT::isTheGarbageRecord)
          .extracting(d -> d.getPartition() + "@" + d.getPosition()).containsOnly(
              letters.get(0).getPartition() + "@" + letters.get(0).getPosition());
    }
  }

  private static void isTheGarbageRecord(DeadLetter letter) {
    assertThat(letter.getKind()).isEqualTo(DeadLetterKind.REJECTED);
    assertThat(letter.getOrigin()).isEqualTo(Topics.ACTIVITIES);
    assertThat(letter.getReason()).startsWith("not a CrmEvent in Avro single-object encoding");
    assertThat(StandardCharsets.UTF_8.decode(letter.getPayload().duplicate()).toString()).isEqualTo("not avro");
  }

  /** The newest complete checkpoint (its chk-N directory holds _metadata), or null. */
  private static Path latestCheckpoint(Path checkpoints) throws IOException {
    if (!Files.isDirectory(checkpoints)) {
      return null;
    }
    try (Stream<Path> found = Files.walk(checkpoints, 3)) {
      return found.filter(p -> p.getFileName().toString().equals("_metadata"))
          .map(Path::getParent)
          .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(4))))
          .orElse(null);
    }
  }

  private static List<DeadLetter> deadLetters(EmbeddedKafka kafka) {
    var decoder = AvroWire.<DeadLetter>decoder(DeadLetter.getClassSchema());
    // Read for a while: a second copy of the letter, if any, must have time to show up.
    return KafkaTestIo.readAll(kafka, Topics.DEAD_LETTER, bytes -> {
      try {
        return decoder.decode(bytes);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, Duration.ofSeconds(5));
  }
}
