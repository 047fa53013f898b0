package io.crmpulse.simulator;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code simulate}: writes a simulated CRM event stream as JSON Lines (to a file or stdout), or,
 * with {@code --bootstrap-servers}, sends it live to Kafka paced to the wall clock.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Generate a realistic, seeded CRM event stream: reps in several time zones calling, emailing"
          + " and meeting leads and deals.",
      "Without --bootstrap-servers, writes the first --count events as JSON Lines (same seed and"
          + " options, same bytes). With it, sends events to Kafka live, paced to the wall clock."
    },
    sortOptions = false)
public final class SimulateCommand implements Callable<Integer> {
  /** Default start of a file: a Monday at midnight UTC, when the Asian desks open. */
  public static final String DEFAULT_START = "2026-03-09T00:00:00Z";

  /** Events written when --count is not given. */
  public static final long DEFAULT_COUNT = 1000;

  /** The package Avro 1.12.2 must be told to trust before it (de)serializes the events. */
  static final String AVRO_TRUSTED_PACKAGES = "org.apache.avro.SERIALIZABLE_PACKAGES";

  @Spec CommandSpec spec;

  @Option(
      names = "--count",
      paramLabel = "N",
      description =
          "Events to write (file mode, default "
              + DEFAULT_COUNT
              + ") or to send (live mode,"
              + " default: until stopped).")
  Long count;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "42",
      description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--start",
      paramLabel = "INSTANT",
      converter = InstantConverter.class,
      description =
          "Simulated start, ISO-8601 such as 2026-03-09T08:00:00Z (file mode; default "
              + DEFAULT_START
              + "). Live mode starts at the wall clock.")
  Instant start;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "JSON Lines file to write (file mode); default stdout.")
  Path out;

  @Option(
      names = "--reps",
      paramLabel = "N",
      defaultValue = "12",
      description = "Number of sales reps, 1 to 999 (default ${DEFAULT-VALUE}).")
  int reps;

  @Option(
      names = "--rate",
      paramLabel = "X",
      description =
          "Activity multiplier; 1 is a realistic day (default: 1 for files; in live"
              + " mode 15/speed, at least 1, so a wall moves within a minute).")
  Double rate;

  @Option(
      names = "--backlog-deals",
      paramLabel = "N",
      defaultValue = "48",
      description =
          "Open deals that exist before the start, some neglected or stalled"
              + " (default ${DEFAULT-VALUE}).")
  int backlogDeals;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      description = "Kafka to send to, live; without it the events are written as JSON Lines.")
  String bootstrapServers;

  @Option(
      names = "--speed",
      paramLabel = "X",
      description =
          "Live mode: simulated seconds per wall second (default 1 = real time; 60 ="
              + " an hour a minute).")
  Double speed;

  @Option(
      names = "--warm-up",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Live mode: simulated history sent at once before the live part, e.g. PT1H,"
              + " 30m, 2h (default 1h).")
  Duration warmUp;

  @Option(
      names = "--history",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Live mode: realistic simulated days (rate 1, quiet weekends) sent at once before the"
              + " warm-up, for week, month and 30-day series, e.g. 14d, 0 for none (default 14d).")
  Duration history;

  @Override
  public Integer call() throws Exception {
    if (count != null && count < 1) {
      throw usage("--count must be at least 1, got " + count);
    }
    if (reps < 1 || reps > 999) {
      throw usage("--reps must be between 1 and 999, got " + reps);
    }
    if (backlogDeals < 0 || backlogDeals > 100_000) {
      throw usage("--backlog-deals must be between 0 and 100000, got " + backlogDeals);
    }
    if (rate != null && (!(rate > 0) || rate > 1000)) {
      throw usage("--rate must be above 0 and at most 1000, got " + rate);
    }
    return bootstrapServers == null ? writeFile() : runLive();
  }

  private int writeFile() throws IOException {
    for (String liveOnly : new String[] {"--speed", "--warm-up", "--history"}) {
      if (spec.commandLine().getParseResult().hasMatchedOption(liveOnly)) {
        throw usage(liveOnly + " applies to live mode only; add --bootstrap-servers HOST:PORT");
      }
    }
    SimulationOptions options;
    try {
      options =
          SimulationOptions.defaults(seed, start == null ? Instant.parse(DEFAULT_START) : start)
              .withReps(reps)
              .withBacklogDeals(backlogDeals)
              .withRate(rate == null ? 1.0 : rate);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    long events = count == null ? DEFAULT_COUNT : count;
    if (out == null) {
      // picocli's out is stdout unless the caller (a test, the launcher) redirects it.
      PrintWriter stdout = spec.commandLine().getOut();
      JsonlExport.write(options, events, stdout);
      if (stdout.checkError()) {
        spec.commandLine().getErr().println("simulate: writing to stdout failed");
        return 1;
      }
    } else {
      try {
        JsonlExport.write(options, events, out);
      } catch (IOException e) {
        spec.commandLine().getErr().println("simulate: cannot write " + out + ": " + e);
        return 1;
      }
      spec.commandLine().getErr().println("simulate: wrote " + events + " events to " + out);
    }
    return 0;
  }

  private int runLive() throws InterruptedException {
    if (out != null) {
      throw usage("--out writes a file; live mode (--bootstrap-servers) sends to Kafka instead");
    }
    if (start != null) {
      throw usage("--start applies to file mode; live mode starts at the wall clock");
    }
    if (bootstrapServers.isBlank() || !bootstrapServers.contains(":")) {
      throw usage(
          "--bootstrap-servers must be HOST:PORT[,HOST:PORT...], got '" + bootstrapServers + "'");
    }
    double pace = speed == null ? 1.0 : speed;
    LiveFeed.Settings settings;
    try {
      settings =
          new LiveFeed.Settings(
              seed,
              pace,
              rate == null ? LiveFeed.Settings.demoRate(pace) : rate,
              reps,
              warmUp == null ? LiveFeed.Settings.DEFAULT_WARM_UP : warmUp,
              history == null ? LiveFeed.Settings.DEFAULT_HISTORY : history,
              count == null ? 0 : count);
    } catch (IllegalArgumentException e) {
      throw usage(
          e.getMessage()
              .replace("speed", "--speed")
              .replace("warmUp", "--warm-up")
              .replace("history", "--history"));
    }
    PrintWriter err = spec.commandLine().getErr();
    LiveFeed feed = LiveFeed.start(bootstrapServers, settings);
    Thread stopOnExit = new Thread(feed::close, "crmpulse-simulate-shutdown");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    err.printf(
        "simulate: sending to %s at speed %s, rate %s (Ctrl-C stops)%n",
        bootstrapServers, pace, settings.rate());
    err.flush();
    while (!feed.awaitStopped(Duration.ofSeconds(10))) {
      err.printf("simulate: %d events sent, simulated time %s%n", feed.sent(), feed.simulatedNow());
      err.flush();
    }
    feed.close();
    Runtime.getRuntime().removeShutdownHook(stopOnExit);
    if (feed.failure().isPresent()) {
      err.println("simulate: stopped: " + feed.failure().get().getMessage());
      return 1;
    }
    err.println("simulate: sent " + feed.sent() + " events");
    return 0;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /**
   * Standalone entry point. Avro reads the trusted packages once, when its first class loads, so
   * they are set here before anything touches Avro, unless the command line set them already.
   */
  public static void main(String[] args) {
    if (System.getProperty(AVRO_TRUSTED_PACKAGES) == null) {
      System.setProperty(AVRO_TRUSTED_PACKAGES, "io.crmpulse.events");
    }
    System.exit(new CommandLine(new SimulateCommand()).execute(args));
  }

  /** ISO-8601 instants, with Z or an offset, as the event format writes them. */
  static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not an ISO-8601 instant such as 2026-03-09T08:00:00Z");
      }
    }
  }

  /** ISO-8601 durations (PT1H) or the short forms 90s, 30m, 2h, 1d, and 0. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String text = value.trim().toLowerCase(java.util.Locale.ROOT);
      if (text.equals("0")) {
        return Duration.ZERO;
      }
      try {
        if (text.startsWith("p")) {
          return Duration.parse(text.toUpperCase(java.util.Locale.ROOT));
        }
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
          case 's' -> Duration.ofSeconds(amount);
          case 'm' -> Duration.ofMinutes(amount);
          case 'h' -> Duration.ofHours(amount);
          case 'd' -> Duration.ofDays(amount);
          default -> throw new NumberFormatException();
        };
      } catch (RuntimeException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a duration such as PT1H, 90s, 30m, 2h, 1d or 0");
      }
    }
  }
}
