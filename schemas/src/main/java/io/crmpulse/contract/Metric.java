package io.crmpulse.contract;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The business series the job publishes: names, label keys and help text in one place. The
 * first three are the contract's (CONTRACT.md section 3); docs/metrics.md defines each.
 */
public enum Metric {
  CALLS_TODAY(
      "crmpulse_calls_today",
      "Completed outbound calls whose occurred_at falls on the rep's local today."),
  CONVERSATIONS_TODAY(
      "crmpulse_conversations_today",
      "Completed calls (either direction) with outcome connected, and completed meetings or"
          + " visits with outcome held, on the rep's local today."),
  CONTACT_RATIO_TODAY(
      "crmpulse_contact_ratio_today",
      "Outbound calls today with outcome connected divided by outbound calls today; absent"
          + " while the rep has no completed outbound call today.");

  /** Label keys every per-rep series carries, in this order. */
  public static final String REP = "rep";

  public static final String TEAM = "team";
  public static final List<String> REP_LABELS = List.of(REP, TEAM);

  /** Team label value of a rep whose rep record has not arrived or names no team. */
  public static final String UNKNOWN_TEAM = "unknown";

  private final String seriesName;
  private final String help;

  Metric(String seriesName, String help) {
    this.seriesName = seriesName;
    this.help = help;
  }

  public String seriesName() {
    return seriesName;
  }

  public String help() {
    return help;
  }

  public static Optional<Metric> bySeriesName(String name) {
    return Arrays.stream(values()).filter(m -> m.seriesName.equals(name)).findFirst();
  }
}
