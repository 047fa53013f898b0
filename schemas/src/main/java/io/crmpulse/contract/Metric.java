package io.crmpulse.contract;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The business series the job publishes: names, label keys and help text in one place. The
 * contract's six (CONTRACT.md section 3) are calls, conversations and contact ratio today, and
 * open, neglected and stalled deals; docs/metrics.md defines each.
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
          + " while the rep has no completed outbound call today."),
  DAILY_CALL_TARGET(
      "crmpulse_daily_call_target",
      "Outbound calls a day the rep aims for, from the rep record's daily_call_target; absent"
          + " when the record sets none."),
  ACTIVITIES(
      "crmpulse_activities",
      "Completed activities by type, direction and outcome whose occurred_at falls in the rep's"
          + " local period (today, this ISO week, this month to date)."),
  OUTBOUND_CALLS(
      "crmpulse_outbound_calls",
      "Completed outbound calls whose occurred_at falls in the rolling window up to now; the 1h"
          + " window is the call rate."),
  CONNECTED_OUTBOUND_CALLS(
      "crmpulse_connected_outbound_calls",
      "Completed outbound calls with outcome connected whose occurred_at falls in the rolling"
          + " window up to now."),
  CONTACT_RATIO(
      "crmpulse_contact_ratio",
      "Connected outbound calls divided by outbound calls over the rolling window; absent"
          + " without outbound calls in the window."),
  OPPORTUNITIES_CREATED(
      "crmpulse_created_opportunities",
      "Opportunities (not deleted) by current owner whose created_at (absent: first seen) falls"
          + " in the rolling window up to now."),
  OPPORTUNITIES_PER_1000_CALLS(
      "crmpulse_opportunities_per_1000_calls",
      "1000 times the opportunities created divided by the outbound calls over the rolling"
          + " window; absent without outbound calls in the window."),
  LOGINS_TODAY(
      "crmpulse_logins_today",
      "Logins (not deleted) whose occurred_at falls on the rep's local today."),
  CALLS_TRAILING_MEDIAN(
      "crmpulse_calls_trailing_median",
      "Median, over the rep's trailing working days (pacing.trailing-days), of the completed"
          + " outbound calls made on that day by the local time of day it is now; absent when"
          + " those days have no such call at all."),
  OPEN_DEALS("crmpulse_open_deals", "Open, not deleted opportunities by owner and current stage."),
  NEGLECTED_DEALS(
      "crmpulse_neglected_deals",
      "Open opportunities whose last completed activity (or, with none, their created_at) lies"
          + " more than the stage's neglect threshold before now."),
  STALLED_DEALS(
      "crmpulse_stalled_deals",
      "Open opportunities that have been in their current stage longer than the stage's stall"
          + " threshold."),
  PIPELINE_AMOUNT(
      "crmpulse_pipeline_amount", "Sum of the amounts of open opportunities, in their currency."),
  WEIGHTED_PIPELINE_AMOUNT(
      "crmpulse_weighted_pipeline_amount",
      "Sum of amount times the configured win probability of the stage, over open opportunities."),
  FORECAST_AMOUNT(
      "crmpulse_forecast_amount",
      "Sum of the amounts of open opportunities by forecast category, in their currency."),
  DEALS_WON("crmpulse_deals_won", "Opportunities won within the window up to now."),
  WON_AMOUNT("crmpulse_won_amount", "Sum of the amounts of opportunities won within the window."),
  DEALS_LOST("crmpulse_deals_lost", "Opportunities lost within the window, by lost reason."),
  WIN_RATE(
      "crmpulse_win_rate_ratio",
      "Won divided by won plus lost, of opportunities closed within the window; absent when none"
          + " closed."),
  STAGE_EXITS(
      "crmpulse_stage_exits",
      "Opportunities that left the stage within the last 90 days, by where they went."),
  STAGE_EXITS_WITHIN(
      "crmpulse_stage_exits_within",
      "Stage exits of the last 90 days that had spent at most max_days days in the stage"
          + " (cumulative buckets: the recording rules turn max_days into le for histogram_quantile).");

  /** Label keys every per-rep series carries, in this order. */
  public static final String REP = "rep";

  public static final String TEAM = "team";
  public static final List<String> REP_LABELS = List.of(REP, TEAM);

  public static final String STAGE = "stage";
  public static final String CURRENCY = "currency";
  public static final String FORECAST_CATEGORY = "forecast_category";
  public static final String WINDOW = "window";
  public static final String REASON = "reason";
  public static final String OUTCOME = "outcome";
  public static final String TYPE = "type";
  public static final String DIRECTION = "direction";
  /** Calendar period label: today, week or month, in the rep's zone. */
  public static final String PERIOD = "period";
  public static final String MAX_DAYS = "max_days";

  /** Team label value of a rep whose rep record has not arrived or names no team. */
  public static final String UNKNOWN_TEAM = "unknown";

  /** Label value of an absent currency. */
  public static final String UNKNOWN = "unknown";

  /** Rep label value of deals without an owner. */
  public static final String UNASSIGNED = "unassigned";

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
