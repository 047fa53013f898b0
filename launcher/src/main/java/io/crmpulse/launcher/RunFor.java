package io.crmpulse.launcher;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --duration}, for the commands that run until Ctrl-C. */
public final class RunFor {
  @Option(
      names = "--duration",
      paramLabel = "TIME",
      converter = DurationConverter.class,
      description = "Stop after this long (60, 90s, 5m); default: until Ctrl-C.")
  Duration duration;
}
