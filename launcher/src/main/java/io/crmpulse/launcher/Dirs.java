package io.crmpulse.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Directory helpers for the temporary data a command creates and removes again. */
final class Dirs {
  private Dirs() {}

  /** Deletes {@code dir} and everything in it; problems are ignored, since only temp data goes. */
  static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Temporary files only; the OS cleans its temp directory eventually.
    }
  }
}
