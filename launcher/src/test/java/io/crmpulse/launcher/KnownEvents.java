package io.crmpulse.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A small event set whose numbers were worked out by hand: known-events.jsonl holds an
 * out-of-order event, an edit, a delete, a duplicate, and two reps whose local days differ at
 * {@link #AS_OF} (00:20 on the 11th in Stockholm, 19:20 on the 10th in New York).
 */
final class KnownEvents {
  static final Instant AS_OF = Instant.parse("2026-03-10T23:20:00Z");

  /**
   * New York: c1 (connected) and c2 (no answer) outbound; c3 deleted; meeting m1 held and inbound
   * c7 connected are conversations. Stockholm: c4 was the 10th there; c5 (sent twice), c6
   * (edited to connected) and c9 (busy) are the 11th.
   */
  static final Map<String, Double> EXPECTED = Map.of(
      "crmpulse_calls_today{rep=\"r-ny\",team=\"west\"}", 2.0,
      "crmpulse_conversations_today{rep=\"r-ny\",team=\"west\"}", 3.0,
      "crmpulse_contact_ratio_today{rep=\"r-ny\",team=\"west\"}", 0.5,
      "crmpulse_calls_today{rep=\"r-sto\",team=\"north\"}", 3.0,
      "crmpulse_conversations_today{rep=\"r-sto\",team=\"north\"}", 1.0,
      "crmpulse_contact_ratio_today{rep=\"r-sto\",team=\"north\"}", 1.0 / 3,
      "crmpulse_daily_call_target{rep=\"r-ny\",team=\"west\"}", 40.0,
      "crmpulse_daily_call_target{rep=\"r-sto\",team=\"north\"}", 40.0);

  private KnownEvents() {}

  static List<String> lines() {
    try (InputStream in = KnownEvents.class.getResourceAsStream("/known-events.jsonl")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
