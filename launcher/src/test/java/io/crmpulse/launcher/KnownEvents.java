package io.crmpulse.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
   *
   * <p>Activity series: New York's four activities are all in its today, week (Monday 9th on) and
   * March; its two outbound calls were more than an hour ago, one connected. Stockholm's week and
   * month also hold c4; c5, c6 and c9 are within the last hour. Neither rep has opportunities
   * (per 1000 calls: 0). Stockholm's D1 (the 10th) has c4 at 23:10, after 00:20: its pace is 0;
   * New York's trailing days have no call, so it has no pace.
   */
  static final Map<String, Double> EXPECTED = expected();

  private static Map<String, Double> expected() {
    Map<String, Double> expected = new TreeMap<>(Map.of(
        "crmpulse_calls_today{rep=\"r-ny\",team=\"west\"}", 2.0,
        "crmpulse_conversations_today{rep=\"r-ny\",team=\"west\"}", 3.0,
        "crmpulse_contact_ratio_today{rep=\"r-ny\",team=\"west\"}", 0.5,
        "crmpulse_calls_today{rep=\"r-sto\",team=\"north\"}", 3.0,
        "crmpulse_conversations_today{rep=\"r-sto\",team=\"north\"}", 1.0,
        "crmpulse_contact_ratio_today{rep=\"r-sto\",team=\"north\"}", 1.0 / 3,
        "crmpulse_daily_call_target{rep=\"r-ny\",team=\"west\"}", 40.0,
        "crmpulse_daily_call_target{rep=\"r-sto\",team=\"north\"}", 40.0));
    for (String period : List.of("today", "week", "month")) {
      for (String activity : List.of("call,outbound,connected", "call,outbound,no_answer",
          "meeting,outbound,held", "call,inbound,connected")) {
        expected.put(activities("r-ny", "west", activity, period), 1.0);
      }
      expected.put(activities("r-sto", "north", "call,outbound,no_answer", period), 1.0);
      expected.put(activities("r-sto", "north", "call,outbound,busy", period), 1.0);
      expected.put(activities("r-sto", "north", "call,outbound,connected", period),
          period.equals("today") ? 1.0 : 2.0);
    }
    String ny = "rep=\"r-ny\",team=\"west\"";
    String sto = "rep=\"r-sto\",team=\"north\"";
    expected.put("crmpulse_outbound_calls{" + ny + ",window=\"7d\"}", 2.0);
    expected.put("crmpulse_outbound_calls{" + ny + ",window=\"30d\"}", 2.0);
    expected.put("crmpulse_connected_outbound_calls{" + ny + ",window=\"7d\"}", 1.0);
    expected.put("crmpulse_contact_ratio{" + ny + ",window=\"7d\"}", 0.5);
    expected.put("crmpulse_opportunities_per_1000_calls{" + ny + ",window=\"30d\"}", 0.0);
    expected.put("crmpulse_outbound_calls{" + sto + ",window=\"1h\"}", 3.0);
    expected.put("crmpulse_outbound_calls{" + sto + ",window=\"7d\"}", 4.0);
    expected.put("crmpulse_outbound_calls{" + sto + ",window=\"30d\"}", 4.0);
    expected.put("crmpulse_connected_outbound_calls{" + sto + ",window=\"7d\"}", 2.0);
    expected.put("crmpulse_contact_ratio{" + sto + ",window=\"7d\"}", 0.5);
    expected.put("crmpulse_opportunities_per_1000_calls{" + sto + ",window=\"30d\"}", 0.0);
    expected.put("crmpulse_calls_trailing_median{" + sto + "}", 0.0);
    return Map.copyOf(expected);
  }

  /**
   * Without the series a live job computes at its own wall clock (rolling windows, the pace): a
   * live test's job runs months after these events, whatever clock its exporter serves at.
   */
  static Map<String, Double> periodic(Map<String, Double> series) {
    Map<String, Double> periodic = new TreeMap<>(series);
    periodic.keySet().removeIf(s -> s.contains("window=\"")
        || s.startsWith("crmpulse_calls_trailing_median{"));
    return periodic;
  }

  private static String activities(String rep, String team, String activity, String period) {
    String[] tdo = activity.split(",");
    return "crmpulse_activities{direction=\"" + tdo[1] + "\",outcome=\"" + tdo[2] + "\",period=\""
        + period + "\",rep=\"" + rep + "\",team=\"" + team + "\",type=\"" + tdo[0] + "\"}";
  }

  private KnownEvents() {}

  static List<String> lines() {
    try (InputStream in = KnownEvents.class.getResourceAsStream("/known-events.jsonl")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
