package io.crmpulse.exporter;

import static io.crmpulse.exporter.Snapshots.T0;
import static io.crmpulse.exporter.Snapshots.T0_DAY;
import static io.crmpulse.exporter.Snapshots.callsToday;
import static io.crmpulse.exporter.Snapshots.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmpulse.contract.AvroWire;
import io.crmpulse.kafka.EmbeddedKafka;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The wall in a real browser: Debian's headless Chromium, driven by Playwright's core package from
 * a small Node script (src/test/wall-browser), against a real exporter reading a real KRaft broker.
 * Leaves 1920x1080 screenshots in target/: wall-1920x1080-first.png (the first snapshot set, with
 * its hostile labels shown as text) and wall-1920x1080.png (after the update).
 *
 * <p>Nothing is skipped: without Chromium or Node.js the test fails, naming what to install.
 */
class WallBrowserIT {
  static final Path CHROMIUM =
      Path.of(System.getProperty("crmpulse.chromium", "/usr/bin/chromium"));
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final Duration UPDATE_WITHIN = Duration.ofSeconds(5);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A rep id a CRM could send: markup and a script, which the page must show as plain text. */
  private static final String HOSTILE_REP = "<img src=x onerror=\"window.__pwned=1\">";

  private static final String HOSTILE_TEAM = "<b>Growth</b>";

  private static final List<String> ACTIVITY =
      List.of(
          "crmpulse_calls_today", "crmpulse_conversations_today", "crmpulse_contact_ratio_today");

  private static Path module;
  private static EmbeddedKafka kafka;
  private static Process driver;
  private static BlockingQueue<String> answers;
  private static Writer commands;
  private static Path profile;

  @BeforeAll
  static void browserAndBroker() throws Exception {
    module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    if (!Files.isExecutable(CHROMIUM)) {
      fail(
          "Chromium is not installed at "
              + CHROMIUM
              + ": install Debian's package with `apt-get install -y --no-install-recommends"
              + " chromium` (.ci/run does), or point -Dcrmpulse.chromium at a Chromium binary;"
              + " this test never downloads a browser");
    }
    Path scripts = module.resolve("src/test/wall-browser");
    npmCiIfNeeded(scripts);
    kafka = EmbeddedKafka.startInTempDir(0);
    profile = Files.createTempDirectory(module.resolve("target"), "wall-browser-profile-");
    Path log = module.resolve("target/wall-browser-driver.log");
    try {
      driver =
          new ProcessBuilder("node", "wall-driver.mjs", CHROMIUM.toString(), profile.toString())
              .directory(scripts.toFile())
              .redirectError(log.toFile())
              .start();
    } catch (IOException e) {
      throw new AssertionError(
          "cannot run node (" + e.getMessage() + "): install Node.js 20+ (Debian: nodejs)", e);
    }
    commands = new OutputStreamWriter(driver.getOutputStream(), StandardCharsets.UTF_8);
    answers = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  answers.add(line);
                }
              } catch (IOException e) {
                answers.add("{\"ok\":false,\"error\":\"driver output: " + e + "\"}");
              }
            },
            "wall-driver-reader");
    reader.setDaemon(true);
    reader.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (driver != null) {
      try {
        send("close");
      } catch (AssertionError | IOException e) {
        // Closing is best effort; the process is ended below either way.
      }
      if (!driver.waitFor(10, TimeUnit.SECONDS)) {
        driver.descendants().forEach(ProcessHandle::destroyForcibly);
        driver.destroyForcibly();
      }
    }
    if (kafka != null) {
      kafka.close();
    }
    if (profile != null) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  @Test
  void showsTheRepsOfTheTopicAndFollowsNewSnapshotsWithoutReloading() throws Exception {
    String topic = "crmpulse.metrics.wall";
    kafka.createTopic(topic, 2, true);
    MovableClock clock = new MovableClock(T0);
    try (Producer<String, byte[]> producer = newProducer();
        Exporter exporter =
            Exporter.start(
                new ExporterSettings(kafka.bootstrapServers(), topic, "127.0.0.1", 0, Map.of()),
                clock)) {
      for (Snapshots s : salesFloor(T0.minusSeconds(4))) {
        send(producer, topic, s);
      }
      String url = "http://127.0.0.1:" + exporter.port() + "/wall";
      send("open", "url", url);

      JsonNode shown = awaitPage(s -> s.get("reps").size() == WallData.MAX_REPS);
      assertThat(rows(shown))
          .startsWith(
              List.of("1", "anna.berg", "Nordics", "58", "14", "22%"),
              List.of("2", "mei.tanaka", "APAC", "52", "12", "21%"),
              List.of("3", "jack.miller", "Americas", "47", "10", "17%"))
          .contains(List.of("12", HOSTILE_REP, HOSTILE_TEAM, "15", "2", "13%"));
      assertThat(shown.get("moreReps").asText()).isEqualTo("+2 more reps");
      assertThat(shown.get("age").asText()).isEqualTo("4 s");
      assertThat(shown.get("ageClass").asText()).contains("fresh");
      assertThat(shown.get("link").asText()).isEqualTo("live");
      assertThat(texts(shown, "teams"))
          .containsExactly(
              "Americas149 calls · 18% contact",
              "Nordics145 calls · 22% contact",
              "APAC132 calls · 19% contact",
              HOSTILE_TEAM + "15 calls · 13% contact");
      assertThat(shown.get("visibleTeams").get(0).asText()).isEqualTo("Americas 149 calls · 18%");
      assertThat(texts(shown, "pipeline")).containsExactly("1.24MSEK", "370.5KUSD", "319.4KEUR");
      assertThat(texts(shown, "atRisk"))
          .containsExactly(
              "erik.lundNordics3 neglected2 stalledstalled in negotiation 1 · proposal 1",
              "raj.iyerAPAC2 neglected1 stalledstalled in proposal 1",
              "jack.millerAmericas2 stalledstalled in negotiation 2",
              "tom.beckerAmericas1 neglected1 stalledstalled in prospecting 1",
              "li.weiAPAC1 stalledstalled in qualification 1");
      assertThat(shown.get("moreAtRisk").asText()).isEqualTo("+1 more rep");
      // Every list at its cap, and still nothing cut off.
      assertThat(shown.get("clipped")).isEmpty();
      send("screenshot", "path", module.resolve("target/wall-1920x1080-first.png").toString());
      // The hostile label is text: no element, no script run, no error, nothing blocked.
      assertThat(shown.get("foreignElements").asInt()).isZero();
      assertThat(shown.get("errors")).isEmpty();
      assertThat(shown.get("pwned").isNull()).isTrue();

      send("mark");
      Instant written = Instant.now();
      Instant later = T0.minusSeconds(1);
      List<Snapshots> changes =
          List.of(
              callsToday("emma.nilsson", "Nordics", T0_DAY).value(70),
              today("crmpulse_conversations_today", "emma.nilsson", "Nordics", 16),
              today("crmpulse_contact_ratio_today", "emma.nilsson", "Nordics", 0.2),
              callsToday("anna.berg", "Nordics", T0_DAY).value(61));
      for (Snapshots s : changes) {
        send(producer, topic, s.version(2).eventTime(later));
      }
      // The hostile rep's series are deleted (tombstones), as the job does when a rep goes.
      for (String name : ACTIVITY) {
        String key = today(name, HOSTILE_REP, HOSTILE_TEAM, 0).key();
        producer.send(new ProducerRecord<String, byte[]>(topic, key, null)).get();
      }

      JsonNode updated =
          awaitPage(
              UPDATE_WITHIN,
              s ->
                  !rows(s).isEmpty()
                      && rows(s).get(0).get(1).equals("emma.nilsson")
                      && rows(s).size() == WallData.MAX_REPS
                      && !s.get("moreReps").asText().equals("+2 more reps")
                      && s.get("age").asText().equals("1 s"));
      System.out.printf(
          "WallBrowserIT: the page showed the new snapshots %d ms after they were written%n",
          Duration.between(written, Instant.now()).toMillis());
      assertThat(rows(updated))
          .startsWith(
              List.of("1", "emma.nilsson", "Nordics", "70", "16", "20%"),
              List.of("2", "anna.berg", "Nordics", "61", "14", "22%"))
          .noneMatch(row -> row.contains(HOSTILE_REP));
      assertThat(updated.get("moreReps").asText()).isEqualTo("+1 more rep");
      // Same document: updated in place, not reloaded.
      assertThat(updated.get("marker").asText()).isEqualTo("still-the-same-page");
      assertThat(updated.get("navigations").asInt()).isEqualTo(1);
      assertThat(updated.get("errors")).isEmpty();
      // A wall fits the screen: nothing to scroll.
      assertThat(updated.get("scrollWidth").asInt()).isLessThanOrEqualTo(1920);
      assertThat(updated.get("scrollHeight").asInt()).isLessThanOrEqualTo(1080);
      assertThat(updated.get("clipped")).isEmpty();

      Path screenshot = module.resolve("target/wall-1920x1080.png");
      send("screenshot", "path", screenshot.toString());
      assertThat(screenshot).isNotEmptyFile();
      System.out.println("WallBrowserIT: screenshot in " + screenshot);

      // The exporter goes away: the wall says so and its data age keeps counting.
      exporter.close();
      JsonNode offline =
          awaitPage(Duration.ofSeconds(15), s -> s.get("link").asText().equals("reconnecting…"));
      assertThat(offline.get("ageClass").asText()).contains("offline");
      assertThat(offline.get("age").asText()).matches("\\d+ s").isNotEqualTo("1 s");
      assertThat(rows(offline).get(0)).contains("emma.nilsson");
    }
  }

  /** Fourteen reps in four teams with their deals and pipeline, as the job would write them. */
  private static List<Snapshots> salesFloor(Instant eventTime) {
    List<Snapshots> all = new ArrayList<>();
    Object[][] reps = {
      {"anna.berg", "Nordics", 58, 14, 0.22},
      {"erik.lund", "Nordics", 41, 9, 0.19},
      {"sofia.holm", "Nordics", 37, 11, 0.27},
      {"mei.tanaka", "APAC", 52, 12, 0.21},
      {"raj.iyer", "APAC", 33, 6, 0.15},
      {"li.wei", "APAC", 29, 8, 0.24},
      {"noah.kim", "APAC", 18, 3, 0.11},
      {"jack.miller", "Americas", 47, 10, 0.17},
      {"maria.garcia", "Americas", 44, 13, 0.25},
      {"tom.becker", "Americas", 25, 4, 0.12},
      {"lucas.silva", "Americas", 21, 5, 0.19},
      {"olivia.brown", "Americas", 12, 2, 0.08},
      {"emma.nilsson", "Nordics", 9, 1, 0.11},
      {HOSTILE_REP, HOSTILE_TEAM, 15, 2, 0.13},
    };
    for (Object[] r : reps) {
      String rep = (String) r[0];
      String team = (String) r[1];
      all.add(today(ACTIVITY.get(0), rep, team, (Integer) r[2]));
      all.add(today(ACTIVITY.get(1), rep, team, (Integer) r[3]));
      all.add(today(ACTIVITY.get(2), rep, team, (Double) r[4]));
    }
    all.add(deals("crmpulse_neglected_deals", "erik.lund", "Nordics", 3));
    all.add(deals("crmpulse_neglected_deals", "raj.iyer", "APAC", 2));
    all.add(deals("crmpulse_neglected_deals", "tom.becker", "Americas", 1));
    all.add(deals("crmpulse_neglected_deals", "noah.kim", "APAC", 1));
    all.add(deals("crmpulse_stalled_deals", "raj.iyer", "APAC", 1).label("stage", "proposal"));
    all.add(
        deals("crmpulse_stalled_deals", "tom.becker", "Americas", 1).label("stage", "prospecting"));
    all.add(deals("crmpulse_stalled_deals", "erik.lund", "Nordics", 1).label("stage", "proposal"));
    all.add(
        deals("crmpulse_stalled_deals", "erik.lund", "Nordics", 1).label("stage", "negotiation"));
    all.add(
        deals("crmpulse_stalled_deals", "jack.miller", "Americas", 2)
            .label("stage", "negotiation"));
    all.add(deals("crmpulse_stalled_deals", "li.wei", "APAC", 1).label("stage", "qualification"));
    all.add(weighted("anna.berg", "Nordics", "proposal", "EUR", 182400.5));
    all.add(weighted("sofia.holm", "Nordics", "negotiation", "EUR", 96000));
    all.add(weighted("erik.lund", "Nordics", "qualification", "EUR", 41000));
    all.add(weighted("jack.miller", "Americas", "negotiation", "USD", 250000));
    all.add(weighted("maria.garcia", "Americas", "proposal", "USD", 120500));
    all.add(weighted("mei.tanaka", "APAC", "proposal", "SEK", 1_240_000));
    all.forEach(s -> s.eventTime(eventTime));
    return all;
  }

  private static Snapshots today(String name, String rep, String team, double value) {
    return series(name)
        .label("rep", rep)
        .label("team", team)
        .period(T0_DAY, T0_DAY.plus(Duration.ofDays(1)))
        .value(value);
  }

  private static Snapshots deals(String name, String rep, String team, double value) {
    return series(name).label("rep", rep).label("team", team).value(value);
  }

  private static Snapshots weighted(
      String rep, String team, String stage, String currency, double value) {
    return series("crmpulse_weighted_pipeline_amount")
        .label("rep", rep)
        .label("team", team)
        .label("stage", stage)
        .label("currency", currency)
        .value(value);
  }

  private static JsonNode awaitPage(java.util.function.Predicate<JsonNode> condition) {
    return awaitPage(PATIENCE, condition);
  }

  private static JsonNode awaitPage(
      Duration within, java.util.function.Predicate<JsonNode> condition) {
    return await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> send("state"), condition);
  }

  private static List<List<String>> rows(JsonNode state) {
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode row : state.get("reps")) {
      List<String> cells = new ArrayList<>();
      row.forEach(cell -> cells.add(cell.asText()));
      rows.add(cells);
    }
    return rows;
  }

  private static List<String> texts(JsonNode state, String field) {
    List<String> texts = new ArrayList<>();
    state.get(field).forEach(t -> texts.add(t.asText()));
    return texts;
  }

  /** Sends one command to the driver and returns its answer's value. */
  private static JsonNode send(String op, String... keysAndValues)
      throws IOException, InterruptedException {
    ObjectNode command = JsonNodeFactory.instance.objectNode().put("op", op);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      command.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    commands.write(JSON.writeValueAsString(command) + "\n");
    commands.flush();
    String line = answers.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    if (line == null) {
      fail(
          "the browser driver did not answer '"
              + op
              + "' within "
              + PATIENCE
              + "; see target/wall-browser-driver.log");
    }
    JsonNode answer = JSON.readTree(line);
    if (!answer.get("ok").asBoolean()) {
      fail("the browser driver failed '" + op + "': " + answer.get("error").asText());
    }
    return answer.get("value");
  }

  /** Installs playwright-core from the committed lock file, once; it brings no browser. */
  private static void npmCiIfNeeded(Path scripts) throws IOException, InterruptedException {
    if (Files.isDirectory(scripts.resolve("node_modules/playwright-core"))) {
      return;
    }
    Path log = module.resolve("target/wall-browser-npm.log");
    Process npm;
    try {
      npm =
          new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
              .directory(scripts.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new AssertionError(
          "cannot run npm ("
              + e.getMessage()
              + "): install Node.js 20+ and npm (Debian: nodejs npm)",
          e);
    }
    if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
      npm.destroyForcibly();
      fail("`npm ci` in " + scripts + " failed; see " + log);
    }
  }

  private static void send(Producer<String, byte[]> producer, String topic, Snapshots s)
      throws Exception {
    producer.send(new ProducerRecord<>(topic, s.key(), AvroWire.encode(s.build()))).get();
  }

  private static Producer<String, byte[]> newProducer() {
    Map<String, Object> props = kafka.clientProperties();
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(props);
  }
}
