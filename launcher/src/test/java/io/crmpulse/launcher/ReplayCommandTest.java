package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReplayCommandTest {
  @TempDir Path dir;

  @Test
  void printsTheKnownNumbersAndReportsBadAndLateLinesOnStderr() throws Exception {
    List<String> lines = new ArrayList<>(KnownEvents.lines());
    lines.add("{\"event_id\":\"x\",\"entity\":\"activity\"}");
    // Two hours and twenty minutes behind the newest event: beyond the allowed lateness.
    lines.add(lines.get(2).replace("\"e03\"", "\"e99\"").replace("c1", "c99")
        .replace("2026-03-10T14:05:00Z", "2026-03-10T21:00:00Z"));
    Path file = Files.write(dir.resolve("events.jsonl"), lines);

    Run run = replay("--events", file.toString(), "--parallelism", "2");

    assertThat(run.code).isZero();
    assertThat(ReferenceMetrics.parseExposition(run.out)).isEqualTo(KnownEvents.EXPECTED);
    assertThat(run.out).contains("# HELP crmpulse_calls_today ");
    assertThat(run.err)
        .contains("as of " + KnownEvents.AS_OF)
        .contains("line 15: rejected: lacks event_time")
        .contains("line 16: late: event_time 2026-03-10T21:00:00Z is more than the allowed lateness")
        .containsPattern("events_duplicate +1");
  }

  @Test
  void aClockYearsAheadIsRejectedWhileAWeekendGapIsNot() throws Exception {
    List<String> lines = new ArrayList<>(KnownEvents.lines());
    // A rep's Friday call, three days before everything else: a quiet weekend, not an error.
    lines.add(0, lines.get(2).replace("\"e03\"", "\"e-fri\"").replace("c1", "c-fri")
        .replace("2026-03-10T14:05:00Z", "2026-03-06T14:05:00Z")
        .replace("2026-03-10T14:00:00Z", "2026-03-06T14:00:00Z"));
    // A CRM whose clock says 2099.
    lines.add(lines.get(3).replace("\"e03\"", "\"e-2099\"").replace("c1", "c-2099")
        .replace("2026-03-10T14:05:00Z", "2099-01-01T00:00:00Z"));
    Path file = Files.write(dir.resolve("events.jsonl"), lines);

    Run run = replay("--events", file.toString());

    // Friday's call is New York's in March and its 7 and 30 days, and on a trailing working day
    // (09:00 EST, before 19:20): 1 of 10 days, a median of 0.
    Map<String, Double> expected = new java.util.TreeMap<>(KnownEvents.EXPECTED);
    String ny = "rep=\"r-ny\",team=\"west\"";
    expected.put("crmpulse_activities{direction=\"outbound\",outcome=\"connected\",period=\"month\","
        + ny + ",type=\"call\"}", 2.0);
    expected.put("crmpulse_outbound_calls{" + ny + ",window=\"7d\"}", 3.0);
    expected.put("crmpulse_outbound_calls{" + ny + ",window=\"30d\"}", 3.0);
    expected.put("crmpulse_connected_outbound_calls{" + ny + ",window=\"7d\"}", 2.0);
    expected.put("crmpulse_contact_ratio{" + ny + ",window=\"7d\"}", 2.0 / 3);
    expected.put("crmpulse_calls_trailing_median{" + ny + "}", 0.0);
    assertThat(ReferenceMetrics.parseExposition(run.out)).isEqualTo(expected);
    assertThat(run.err).contains("as of " + KnownEvents.AS_OF)
        .contains("line 16: rejected: event_time 2099-01-01T00:00:00Z is more than 1 d ahead of the newest other event")
        .containsPattern("records_rejected +1");
  }

  @Test
  void referenceComputationAgreesWithTheHandWorkedNumbers() {
    assertThat(ReferenceMetrics.compute(KnownEvents.lines(), KnownEvents.AS_OF, Duration.ofHours(1),
        Duration.ofDays(1), ZoneOffset.UTC)).isEqualTo(KnownEvents.EXPECTED);
  }

  @Test
  void asOfSelectsTheDayAndHidesLaterEvents() throws Exception {
    Path file = Files.write(dir.resolve("events.jsonl"), KnownEvents.lines());
    // 18:30Z: New York's c1, c2 and m1 are in; Stockholm's 10th holds none of its calls yet.
    Run run = replay("--events", file.toString(), "--as-of", "2026-03-10T18:30:00Z");
    Map<String, Double> served = ReferenceMetrics.parseExposition(run.out);
    Map<String, Double> contract = KnownEvents.periodic(served);
    contract.keySet().removeIf(series -> series.startsWith("crmpulse_activities{"));
    assertThat(contract).containsOnly(
        org.assertj.core.api.Assertions.entry("crmpulse_calls_today{rep=\"r-ny\",team=\"west\"}", 2.0),
        org.assertj.core.api.Assertions.entry("crmpulse_conversations_today{rep=\"r-ny\",team=\"west\"}", 2.0),
        org.assertj.core.api.Assertions.entry("crmpulse_contact_ratio_today{rep=\"r-ny\",team=\"west\"}", 0.5),
        org.assertj.core.api.Assertions.entry("crmpulse_daily_call_target{rep=\"r-ny\",team=\"west\"}", 40.0),
        org.assertj.core.api.Assertions.entry("crmpulse_daily_call_target{rep=\"r-sto\",team=\"north\"}", 40.0));
    // c1, c2 and m1 in New York's today, week and month; c1 and c2 of its 7 d; none in the hour.
    assertThat(served.keySet().stream().filter(s -> s.startsWith("crmpulse_activities{"))).hasSize(9)
        .allMatch(s -> s.contains("rep=\"r-ny\""));
    assertThat(served).containsEntry("crmpulse_outbound_calls{rep=\"r-ny\",team=\"west\",window=\"7d\"}", 2.0)
        .containsEntry("crmpulse_contact_ratio{rep=\"r-ny\",team=\"west\",window=\"7d\"}", 0.5)
        .doesNotContainKey("crmpulse_outbound_calls{rep=\"r-ny\",team=\"west\",window=\"1h\"}");
    assertThat(run.err).containsPattern("events_after_as_of +7");
  }

  @Test
  void aLineThatIsNotUtf8IsRejectedAloneAndTheLiveOnlyConfigKeysDoNotApply() throws Exception {
    Path file = dir.resolve("events.jsonl");
    Files.write(file, KnownEvents.lines());
    Files.write(file, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'},
        java.nio.file.StandardOpenOption.APPEND);
    Path config = Files.writeString(dir.resolve("job.properties"),
        "checkpoints.dir=" + dir.resolve("ck").toUri() + "\ncheckpoints.restore-from="
            + dir.resolve("ck/missing/chk-1").toUri() + "\n");

    Run run = replay("--events", file.toString(), "--config", config.toString());

    assertThat(run.code).isZero();
    assertThat(ReferenceMetrics.parseExposition(run.out)).isEqualTo(KnownEvents.EXPECTED);
    assertThat(run.err).contains("line 15: rejected: not valid UTF-8");
    assertThat(dir.resolve("ck")).doesNotExist();
  }

  @Test
  void aFileWithoutAValidEventPrintsNothingAndSaysWhyEachLineWasRejected() throws Exception {
    Path file = Files.write(dir.resolve("bad.jsonl"), List.of("{\"event_id\":1}", "not json"));
    Run run = replay("--events", file.toString());
    assertThat(run.code).isZero();
    assertThat(run.out).isEmpty();
    assertThat(run.err).contains("the file holds no valid event")
        .contains("line 1: rejected: lacks event_id").contains("line 2: rejected: not valid JSON");
  }

  @Test
  void misuseAndUnreadableFilesFailWithOneLine() {
    Run missing = replay("--events", dir.resolve("nope.jsonl").toString());
    assertThat(missing.code).isNotZero();
    assertThat(missing.err.strip()).startsWith("crmpulse replay: cannot read --events").doesNotContain("\n");
    Run badInstant = replay("--events", "x", "--as-of", "noon");
    assertThat(badInstant.code).isEqualTo(2);
    assertThat(badInstant.err).contains("--as-of 'noon' is not an ISO-8601 instant");
  }

  private static Run replay(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = CrmPulse.commandLine();
    cli.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    String[] full = new String[args.length + 1];
    full[0] = "replay";
    System.arraycopy(args, 0, full, 1, args.length);
    int code = cli.execute(full);
    return new Run(code, out.toString(), err.toString());
  }

  private record Run(int code, String out, String err) {}
}
