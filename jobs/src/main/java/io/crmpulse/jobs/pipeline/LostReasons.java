package io.crmpulse.jobs.pipeline;

import java.util.Locale;
import java.util.Set;

/** A free-text lost reason as a bounded label: one of the configured reasons, other or unknown. */
final class LostReasons {
  private LostReasons() {}

  static String label(String reason, Set<String> kept) {
    if (reason == null || reason.isBlank()) {
      return "unknown";
    }
    String normalised = reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
        .replaceAll("^_+|_+$", "");
    return kept.contains(normalised) ? normalised : "other";
  }
}
