package io.crmpulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.contract.EventJson;
import io.crmpulse.contract.EventValidator;
import io.crmpulse.contract.InvalidEventException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine command = new CommandLine(new SimulateCommand());
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    return command.execute(args);
  }

  @Test
  void writesTheRequestedNumberOfValidLinesToAFile() throws IOException, InvalidEventException {
    Path file = dir.resolve("events.jsonl");
    assertThat(run("--count", "500", "--seed", "9", "--out", file.toString())).isZero();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(500);
    for (String line : lines) {
      assertThat(EventValidator.check(EventJson.parse(line))).isEmpty();
    }
    assertThat(err.toString()).contains("wrote 500 events");
  }

  @Test
  void writesToStdoutByDefaultAndRepeatsItself() {
    assertThat(run("--count", "50", "--start", "2026-03-10T08:00:00+01:00")).isZero();
    String first = out.toString();
    assertThat(first.lines()).hasSize(50);
    out.getBuffer().setLength(0);
    assertThat(run("--count", "50", "--start", "2026-03-10T07:00:00Z")).isZero();
    assertThat(out.toString()).isEqualTo(first);
  }

  @Test
  void rejectsBadValuesWithAReason() {
    assertThat(run("--count", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--count must be at least 1");

    assertThat(run("--start", "yesterday")).isEqualTo(2);
    assertThat(err.toString()).contains("is not an ISO-8601 instant");

    assertThat(run("--reps", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--reps must be between 1 and 999");

    assertThat(run("--rate", "-1")).isEqualTo(2);
    assertThat(err.toString()).contains("--rate must be above 0");

    assertThat(run("--speed", "60")).isEqualTo(2);
    assertThat(err.toString()).contains("--speed applies to live mode only");

    assertThat(run("--bootstrap-servers", "localhost:9092", "--speed", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--speed must be above 0");

    assertThat(run("--history", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--history applies to live mode only");

    assertThat(run("--bootstrap-servers", "localhost:9092", "--history", "90d")).isEqualTo(2);
    assertThat(err.toString()).contains("--history must be between 0 and 62 days");

    assertThat(run("--bootstrap-servers", "localhost:9092", "--out", "x.jsonl")).isEqualTo(2);
    assertThat(err.toString()).contains("--out writes a file");

    assertThat(run("--bootstrap-servers", "nowhere")).isEqualTo(2);
    assertThat(err.toString()).contains("HOST:PORT");

    assertThat(run("--count", "many")).isEqualTo(2);
    assertThat(err.toString()).contains("--count");
  }

  @Test
  void explainsItself() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains(
            "simulate", "--count", "--seed", "--start", "--out", "--bootstrap-servers", "--speed");
  }
}
