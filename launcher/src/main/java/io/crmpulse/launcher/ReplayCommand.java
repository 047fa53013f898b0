package io.crmpulse.launcher;

import io.crmpulse.jobs.config.JobConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code crmpulse replay}: see {@link Replay}. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Run the live job's operators over a JSON Lines file of CRM events and prints every business"
          + " series, in Prometheus text format, as the exporter would serve it at --as-of.",
      "stdout holds the series only; figures, rejected and late lines go to stderr; deal alert"
          + " transitions go to --alerts FILE as JSON Lines."
    })
public final class ReplayCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--events", required = true, paramLabel = "FILE",
      description = "JSON Lines file of events (CONTRACT.md section 1).")
  private Path events;

  @Option(names = "--as-of", paramLabel = "INSTANT",
      description = "ISO-8601 instant to serve the series at (default: the greatest event_time).")
  private String asOf;

  @Option(names = "--config", paramLabel = "FILE", description = "Job config file (key=value).")
  private Path config;

  @Option(names = "--alerts", paramLabel = "FILE",
      description = "Also write every deal alert transition up to --as-of to FILE, one JSON object"
          + " per line, ordered by at, alert_id, event_id.")
  private Path alerts;

  @Option(names = "--parallelism", paramLabel = "N", defaultValue = "2",
      description = "Parallelism of the job (default: ${DEFAULT-VALUE}); the output is the same at any.")
  private int parallelism;

  @Override
  public Integer call() throws Exception {
    if (parallelism < 1) {
      throw new ParameterException(spec.commandLine(), "--parallelism must be at least 1");
    }
    Optional<Instant> at = Optional.ofNullable(asOf).map(this::instant);
    JobConfig jobConfig = JobConfig.load(config, Map.of());
    Replay.Output output = Replay.run(events, at, jobConfig, parallelism);
    if (alerts != null) {
      try {
        Files.write(alerts, output.alerts());
      } catch (IOException e) {
        throw new UserException("cannot write --alerts " + alerts + ": " + e);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(output.series());
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    output.report().forEach(err::println);
    err.flush();
    return 0;
  }

  private Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new ParameterException(spec.commandLine(),
          "--as-of '" + text + "' is not an ISO-8601 instant such as 2026-03-10T17:00:00Z");
    }
  }
}
