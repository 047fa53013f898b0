package io.crmpulse.simulator;

import io.crmpulse.contract.EventJson;
import io.crmpulse.events.CrmEvent;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

/** Writes simulated events as JSON Lines, the form {@code replay} reads: one event per line. */
public final class JsonlExport {
  private JsonlExport() {}

  /**
   * Writes the next {@code count} events of {@code events}, each followed by a newline, and
   * flushes. Returns how many were written (fewer only if the iterator ran out).
   */
  public static long write(Iterator<CrmEvent> events, long count, Writer out) throws IOException {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, got " + count);
    }
    long written = 0;
    while (written < count && events.hasNext()) {
      out.write(EventJson.write(events.next()));
      out.write('\n');
      written++;
    }
    out.flush();
    return written;
  }

  /** Writes the first {@code count} events of a fresh simulation to {@code out}. */
  public static long write(SimulationOptions options, long count, Writer out) throws IOException {
    return write(new Simulation(options), count, out);
  }

  /** Writes the first {@code count} events of a fresh simulation to a UTF-8 file, replacing it. */
  public static long write(SimulationOptions options, long count, Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      return write(options, count, out);
    }
  }
}
