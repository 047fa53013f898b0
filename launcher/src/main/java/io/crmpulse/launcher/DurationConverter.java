package io.crmpulse.launcher;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --duration}: plain seconds ({@code 60}) or with a unit ({@code 90s}, {@code 5m}, {@code 1h}). */
public final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      Duration d;
      if (v.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      } else if (v.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
      } else if (v.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
      } else if (v.endsWith("h")) {
        d = Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
      } else {
        d = Duration.ofSeconds(Long.parseLong(v));
      }
      if (d.isNegative() || d.isZero()) {
        throw new TypeConversionException("'" + value + "' must be positive");
      }
      return d;
    } catch (NumberFormatException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration; use seconds (60) or 90s, 5m, 1h");
    }
  }
}
