package io.crmpulse.contract;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
      "Outbound calls a day the rep aims for: the rep record's daily_call_target, else the"
          + " configured target of the rep's team or of all reps; absent when none is set."),
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
  BUSY_DEALS(
      "crmpulse_busy_deals",
      "Open opportunities busy but not moving: at least deals.busy-touches completed activities"
          + " within the last deals.busy-window, in a stage entered at or before the window's"
          + " start."),
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
          + " (cumulative buckets: the recording rules turn max_days into le for histogram_quantile)."),
  LEADS(
      "crmpulse_leads",
      "Leads (not deleted) owned by the rep whose created_at falls in the rep's period, by source."),
  LEADS_PURSUED(
      "crmpulse_leads_pursued",
      "Of the period's leads, those with at least one outbound touch (completed activity naming"
          + " the lead) up to now."),
  LEADS_CONTACTED(
      "crmpulse_leads_contacted",
      "Of the period's leads, those with at least one conversation (connected call, held meeting"
          + " or visit) up to now."),
  LEADS_BY_DISPOSITION(
      "crmpulse_leads_by_disposition", "The period's leads by their current disposition."),
  CALLS_BY_LEAD_STATUS(
      "crmpulse_calls_by_lead_status",
      "Completed outbound calls naming a known lead, by the lead's current status, for the calling"
          + " rep in the rep's period of occurred_at."),
  SPEED_TO_LEAD_WITHIN(
      "crmpulse_speed_to_lead_within",
      "The period's leads with an outbound touch whose first outbound touch came at most"
          + " max_seconds after created_at (cumulative buckets; the recording rules turn"
          + " max_seconds into le)."),
  LEADS_SLA_BREACHED(
      "crmpulse_leads_sla_breached",
      "The period's leads older than the response SLA without an outbound touch within it."),
  LEADS_GIVEN_UP(
      "crmpulse_leads_given_up",
      "Leads whose first touch was outbound and had no other touch for the give-up interval, that"
          + " interval ending within the window."),
  FOLLOWUPS(
      "crmpulse_followups",
      "Outbound touches of a lead or opportunity after its first touch and before its first"
          + " response (or advance), by the touching rep's period of occurred_at."),
  FOLLOWUPS_BEFORE_RESPONSE(
      "crmpulse_followups_before_response",
      "Leads and opportunities that responded (or advanced) within the window, by their number of"
          + " follow-ups before that: at most max_followups (cumulative buckets, as max_days:"
          + " named max_followups, not le).");

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
  public static final String MAX_DAYS = "max_days";
  public static final String SOURCE = "source";
  public static final String DISPOSITION = "disposition";
  public static final String LEAD_STATUS = "lead_status";
  public static final String MAX_SECONDS = "max_seconds";
  public static final String MAX_FOLLOWUPS = "max_followups";

  /** Label key of a calendar period in the rep's zone, and its values. */
  public static final String PERIOD = "period";
  public static final String PERIOD_TODAY = "today";
  public static final String PERIOD_WEEK = "week";
  public static final String PERIOD_MONTH = "month";

  /** Team label value of a rep whose rep record has not arrived or names no team. */
  public static final String UNKNOWN_TEAM = "unknown";

  /** Label value of an absent currency. */
  public static final String UNKNOWN = "unknown";

  /** Rep label value of deals without an owner. */
  public static final String UNASSIGNED = "unassigned";

  /** The rep label of a record's owner: its id, or {@link #UNASSIGNED} without one. */
  public static String owner(String ownerId) {
    return ownerId == null || ownerId.isBlank() ? UNASSIGNED : ownerId;
  }

  /** The label value of an enum symbol (type, direction, outcome, status): lower case; null stays null. */
  public static String symbol(Enum<?> value) {
    return value == null ? null : value.name().toLowerCase(Locale.ROOT);
  }

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
