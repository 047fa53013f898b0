package io.crmpulse.jobs.metrics;

import java.util.Locale;
import java.util.Set;

/**
 * Free text (a lost reason, a lead source) as a bounded label: one of the configured values, other
 * or unknown, so a CRM's free text can never grow the number of series.
 */
public final class BoundedLabel {
  private BoundedLabel() {}

  /** Lower case, runs of other characters as {@code _}; kept if configured, else other. */
  public static String of(String text, Set<String> kept) {
    if (text == null || text.isBlank()) {
      return "unknown";
    }
    String normalised = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
        .replaceAll("^_+|_+$", "");
    return kept.contains(normalised) ? normalised : "other";
  }
}
