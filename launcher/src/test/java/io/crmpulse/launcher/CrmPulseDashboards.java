package io.crmpulse.launcher;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The provisioned dashboards, as code. grafana/dashboards/*.json is what {@link #all()} renders;
 * {@code GrafanaFilesTest} fails when the committed files differ, and rewrites them with
 * {@value #REGENERATE}.
 *
 * <p>Every query reads a series the project serves: the catalogue (docs/metrics.md), the
 * exporter's own series and Flink's reporter series (docs/operations.md), or a recording rule of
 * prometheus/rules. {@code DashboardQueriesIT} evaluates each of them against a real Prometheus
 * scraping the demo.
 */
final class CrmPulseDashboards {
  static final String REGENERATE =
      "mvn -B -pl launcher -am test -Dtest=GrafanaFilesTest -Dsurefire.failIfNoSpecifiedTests=false"
          + " -Ddashboards.write=true";

  /** Grid rows that fit a 1920x1080 kiosk screen (30 px a row plus 8 px margins: 27 × 38 < 1080). */
  static final int KIOSK_ROWS = 27;

  private static final String TEAM = "team=~\"$team\"";
  private static final String REP = "rep=\"$rep\"";

  private CrmPulseDashboards() {}

  /** File name in grafana/dashboards to dashboard JSON, in a stable order. */
  static Map<String, ObjectNode> all() {
    Map<String, ObjectNode> dashboards = new LinkedHashMap<>();
    dashboards.put("sales-floor-wall.json", salesFloorWall());
    dashboards.put("rep-daily-benchmark.json", repDailyBenchmark());
    dashboards.put("deal-health.json", dealHealth());
    dashboards.put("leads-and-follow-ups.json", leadsAndFollowUps());
    dashboards.put("monitor-operations.json", monitorOperations());
    return dashboards;
  }

  /**
   * The JSON text of a dashboard as committed: laid out as Grafana's own "Export as JSON" does
   * ({@code JSON.stringify(d, null, 2)}), with a final newline.
   */
  static String render(ObjectNode dashboard) {
    DefaultIndenter indent = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(indent)
            .withArrayIndenter(indent);
    try {
      return DashboardBuilder.MAPPER.writer(printer).writeValueAsString(dashboard) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes every dashboard into {@code dir} (grafana/dashboards). */
  static void writeAll(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, ObjectNode> entry : all().entrySet()) {
      Files.writeString(dir.resolve(entry.getKey()), render(entry.getValue()), StandardCharsets.UTF_8);
    }
  }

  /**
   * The TV on the sales floor: kiosk mode at 1920x1080, nothing to scroll, readable across the room,
   * with the age of the data in the top left corner so that a frozen wall is obvious.
   */
  static ObjectNode salesFloorWall() {
    DashboardBuilder d =
        new DashboardBuilder(
                "crmpulse-sales-floor",
                "CRM Pulse — sales floor",
                "Wall TV for the sales floor (kiosk, 1920x1080, no scrolling): today's calls,"
                    + " conversations and contact rates per rep and team, neglected and stalled"
                    + " deals by rep, and the weighted pipeline. \"Today\" is each rep's local day. On the TV"
                    + " open /d/crmpulse-sales-floor?kiosk&theme=dark.")
            .refresh("5s")
            .timeFrom("now-12h")
            .tag("wall")
            .labelVariable("team", "Team", "crmpulse_calls_today", true);

    d.panel("stat", "Age of the data",
            "Seconds since the newest event behind any number on this wall"
                + " (crmpulse_exporter_data_age_seconds). Red after 15 minutes, when the"
                + " CrmPulseNoData alert starts to count; Infinity before the first snapshot.",
            0, 0, 3, 4)
        .instant("max(crmpulse_exporter_data_age_seconds)", "data age")
        .unit("s").decimals(0).thresholds("green", 60, "orange", 900, "red").background()
        .option("textMode", "value");
    d.panel("stat", "Calls today by team, of target",
            "Completed outbound calls on each rep's local today, summed per team"
                + " (team:crmpulse_calls_today:sum), and the sum of the team's daily call targets"
                + " (crmpulse_daily_call_target, from the rep records).",
            3, 0, 6, 4)
        .instant("sort_desc(team:crmpulse_calls_today:sum{" + TEAM + "})", "{{team}}")
        .instant("sum by (team) (crmpulse_daily_call_target{" + TEAM + "})", "{{team}} target")
        .unit("short").decimals(0);
    d.panel("stat", "Calls in the last hour by team",
            "Completed outbound calls whose occurred_at lies in the last 60 minutes, summed per"
                + " team (team_window:crmpulse_outbound_calls:sum, window 1h): the call rate now.",
            9, 0, 5, 4)
        .instant("sort_desc(team_window:crmpulse_outbound_calls:sum{window=\"1h\"," + TEAM + "})",
            "{{team}}")
        .unit("short").decimals(0);
    d.panel("stat", "Conversations today by team",
            "Connected calls and held meetings or visits today, summed per team"
                + " (team:crmpulse_conversations_today:sum).",
            14, 0, 5, 4)
        .instant("sort_desc(team:crmpulse_conversations_today:sum{" + TEAM + "})", "{{team}}")
        .unit("short").decimals(0);
    d.panel("stat", "Contact rate today by team",
            "Connected outbound calls over outbound calls of the whole team today, weighted by"
                + " calls (team:crmpulse_contact_ratio_today:ratio); absent for a team without a call.",
            19, 0, 5, 4)
        .instant("sort_desc(team:crmpulse_contact_ratio_today:ratio{" + TEAM + "})", "{{team}}")
        .unit("percentunit").decimals(0).min(0).max(1);

    d.panel("bargauge", "Calls today — leaderboard",
            "Completed outbound calls on each rep's local today (crmpulse_calls_today), most first;"
                + " each rep's target is on the rep daily benchmark.",
            0, 4, 8, 12)
        .instant("sort_desc(sum by (rep) (crmpulse_calls_today{" + TEAM + "}))", "{{rep}}")
        .unit("short").decimals(0).min(0).color("blue");
    d.panel("bargauge", "Conversations today — leaderboard",
            "Connected calls (either direction) and held meetings or visits on each rep's local"
                + " today (crmpulse_conversations_today), most first.",
            8, 4, 8, 12)
        .instant("sort_desc(sum by (rep) (crmpulse_conversations_today{" + TEAM + "}))", "{{rep}}")
        .unit("short").decimals(0).min(0).color("purple");
    d.panel("bargauge", "Contact rate today by rep",
            "Connected outbound calls over outbound calls, today (crmpulse_contact_ratio_today);"
                + " a rep without an outbound call today is not listed.",
            16, 4, 8, 12)
        .instant("sort_desc(max by (rep) (crmpulse_contact_ratio_today{" + TEAM + "}))", "{{rep}}")
        .unit("percentunit").decimals(0).min(0).max(1)
        .thresholds("red", 0.1, "orange", 0.2, "green");

    d.panel("bargauge", "Neglected deals by rep",
            "Open deals without a completed activity within their stage's neglect threshold"
                + " (crmpulse_neglected_deals), per owner. Reps with none are not listed.",
            0, 16, 8, 11)
        .instant("sort_desc(sum by (rep) (crmpulse_neglected_deals{" + TEAM + "}))", "{{rep}}")
        .unit("short").decimals(0).min(0).noValue("none neglected")
        .thresholds("orange", 3, "red");
    d.panel("bargauge", "Stalled deals by rep",
            "Open deals in their stage longer than its stall threshold, over all stages"
                + " (rep:crmpulse_stalled_deals:sum). Red from 5, where CrmPulseRepStalledDeals"
                + " fires. Reps with none are not listed.",
            8, 16, 8, 11)
        .instant("sort_desc(rep:crmpulse_stalled_deals:sum{" + TEAM + "})", "{{rep}}")
        .unit("short").decimals(0).min(0).noValue("none stalled")
        .thresholds("orange", 5, "red");
    d.panel("stat", "Weighted pipeline by currency",
            "Sum of amount × stage win probability over open deals, per currency"
                + " (team_currency:crmpulse_weighted_pipeline_amount:sum); amounts are never"
                + " converted between currencies.",
            16, 16, 8, 11)
        .instant("sort_desc(sum by (currency) (team_currency:crmpulse_weighted_pipeline_amount:sum{"
            + TEAM + "}))", "{{currency}}")
        .unit("short").decimals(0).option("orientation", "horizontal");
    return d.build();
  }

  /** A rep's own day against the rep's target, the team's median rep and the rep's usual pace. */
  static ObjectNode repDailyBenchmark() {
    DashboardBuilder d =
        new DashboardBuilder(
                "crmpulse-rep-benchmark",
                "CRM Pulse — my day",
                "One rep's day: calls, conversations, follow-ups and contact ratio today against my"
                    + " daily target, the median rep of my team so far today and my own usual pace"
                    + " by this hour (the median of my last working days at the same local time);"
                    + " my call rate, logins, leads and deals.")
            .refresh("10s")
            .timeFrom("now-12h")
            .tag("rep")
            .labelVariable("rep", "Rep", "crmpulse_calls_today", false);
    String teamOfRep = " and on (team) crmpulse_calls_today{" + REP + "})";

    d.panel("bargauge", "My calls today vs target, team median and my usual pace",
            "Completed outbound calls on my local today; my daily call target (the rep record's"
                + " daily_call_target, crmpulse_daily_call_target); the median of my team's reps so"
                + " far today (team:crmpulse_calls_today:median); and my usual by this hour, the"
                + " median of my last working days' calls up to the same local time"
                + " (crmpulse_calls_trailing_median).",
            0, 0, 6, 5)
        .instant("sum(crmpulse_calls_today{" + REP + "})", "me")
        .instant("sum(crmpulse_daily_call_target{" + REP + "})", "my target")
        .instant("max(team:crmpulse_calls_today:median" + teamOfRep, "team median")
        .instant("sum(crmpulse_calls_trailing_median{" + REP + "})", "my usual by now")
        .unit("short").decimals(0).min(0);
    d.panel("bargauge", "My conversations today vs team median",
            "Connected calls and held meetings or visits on my local today, and the median of my"
                + " team's reps (quantile 0.5 over the team's crmpulse_conversations_today).",
            6, 0, 6, 5)
        .instant("sum(crmpulse_conversations_today{" + REP + "})", "me")
        .instant("quantile(0.5, crmpulse_conversations_today" + teamOfRep, "team median")
        .unit("short").decimals(0).min(0);
    d.panel("bargauge", "My follow-ups today vs team median",
            "Outbound touches I made today on leads and deals that had been touched before and had"
                + " not yet answered or advanced (crmpulse_followups, period today), and the median"
                + " of my team's reps with follow-ups today.",
            12, 0, 6, 5)
        .instant("sum(crmpulse_followups{period=\"today\"," + REP + "})", "me")
        .instant("quantile(0.5, crmpulse_followups{period=\"today\"}"
            + " and on (team) crmpulse_calls_today{" + REP + "})", "team median")
        .unit("short").decimals(0).min(0).noValue("0");
    d.panel("stat", "My neglected deals",
            "My open deals without a completed activity within their stage's neglect threshold"
                + " (crmpulse_neglected_deals); 0 is not published, hence the 0 when there is no series.",
            18, 0, 3, 5)
        .instant("sum(crmpulse_neglected_deals{" + REP + "})", "neglected")
        .unit("short").decimals(0).noValue("0").thresholds("green", 1, "orange", 5, "red")
        .option("textMode", "value");
    d.panel("stat", "My stalled deals",
            "My open deals in their stage longer than its stall threshold"
                + " (rep:crmpulse_stalled_deals:sum); 0 when there is no series.",
            21, 0, 3, 5)
        .instant("sum(rep:crmpulse_stalled_deals:sum{" + REP + "})", "stalled")
        .unit("short").decimals(0).noValue("0").thresholds("green", 1, "orange", 5, "red")
        .option("textMode", "value");

    d.panel("stat", "My calls in the last hour",
            "Completed outbound calls whose occurred_at lies in the last 60 minutes"
                + " (crmpulse_outbound_calls, window 1h): my call rate now.",
            0, 5, 4, 4)
        .instant("sum(crmpulse_outbound_calls{window=\"1h\"," + REP + "})", "last hour")
        .unit("short").decimals(0).noValue("0").option("textMode", "value");
    d.panel("stat", "My contact ratio today and over 7 days",
            "Connected outbound calls over outbound calls, today (crmpulse_contact_ratio_today) and"
                + " over the last 7 days (crmpulse_contact_ratio, window 7d).",
            4, 5, 6, 4)
        .instant("max(crmpulse_contact_ratio_today{" + REP + "})", "today")
        .instant("max(crmpulse_contact_ratio{window=\"7d\"," + REP + "})", "7 days")
        .unit("percentunit").decimals(0).min(0).max(1);
    d.panel("stat", "My opportunities per 1,000 calls",
            "Opportunities I created in the last 30 days per 1,000 of my outbound calls in the same"
                + " 30 days (crmpulse_opportunities_per_1000_calls); the seed's benchmark is 32.",
            10, 5, 5, 4)
        .instant("max(crmpulse_opportunities_per_1000_calls{" + REP + "})", "per 1,000 calls")
        .unit("short").decimals(1).thresholds("orange", 32, "green").option("textMode", "value");
    d.panel("stat", "My CRM logins today",
            "Logins to the CRM on my local today (crmpulse_logins_today): adoption.",
            15, 5, 4, 4)
        .instant("sum(crmpulse_logins_today{" + REP + "})", "logins")
        .unit("short").decimals(0).noValue("0").thresholds("red", 1, "green").option("textMode", "value");
    d.panel("stat", "My leads past the response SLA this week",
            "Leads of mine created this week that had no outbound touch within the response SLA"
                + " (leads.response-sla, 1 h by default; crmpulse_leads_sla_breached, period week).",
            19, 5, 5, 4)
        .instant("sum(crmpulse_leads_sla_breached{period=\"week\"," + REP + "})", "past the SLA")
        .unit("short").decimals(0).noValue("0").thresholds("green", 1, "orange").option("textMode", "value");

    d.panel("timeseries", "Calls today: me, the team median and my usual pace",
            "My calls so far today, my team's median rep and my usual by each hour over the day;"
                + " they restart at my local midnight.",
            0, 9, 12, 9)
        .range("sum(crmpulse_calls_today{" + REP + "})", "me")
        .range("max(team:crmpulse_calls_today:median" + teamOfRep, "team median")
        .range("sum(crmpulse_calls_trailing_median{" + REP + "})", "my usual by now")
        .unit("short").decimals(0).min(0);
    d.panel("timeseries", "Conversations today: me and the team median",
            "My conversations so far today and my team's median rep over the day.",
            12, 9, 12, 9)
        .range("sum(crmpulse_conversations_today{" + REP + "})", "me")
        .range("quantile(0.5, crmpulse_conversations_today" + teamOfRep, "team median")
        .unit("short").decimals(0).min(0);

    d.panel("bargauge", "My activities this week by type",
            "My completed activities this week (Monday to now, my local time) by type"
                + " (crmpulse_activities, period week).",
            0, 18, 6, 9)
        .instant("sum by (type) (crmpulse_activities{period=\"week\"," + REP + "})", "{{type}}")
        .unit("short").decimals(0).min(0);
    d.panel("bargauge", "My open deals by stage",
            "My open, not deleted deals by current stage (crmpulse_open_deals).",
            6, 18, 6, 9)
        .instant("sum by (stage) (crmpulse_open_deals{" + REP + "})", "{{stage}}")
        .unit("short").decimals(0).min(0).noValue("no open deals");
    d.panel("bargauge", "My stalled deals by stage",
            "My open deals in their stage longer than its stall threshold, by stage"
                + " (crmpulse_stalled_deals).",
            12, 18, 6, 9)
        .instant("sum by (stage) (crmpulse_stalled_deals{" + REP + "})", "{{stage}}")
        .unit("short").decimals(0).min(0).noValue("none stalled").thresholds("orange", 3, "red");
    d.panel("stat", "My weighted pipeline",
            "Sum of amount × stage win probability over my open deals, per currency"
                + " (crmpulse_weighted_pipeline_amount).",
            18, 18, 6, 9)
        .instant("sum by (currency) (crmpulse_weighted_pipeline_amount{" + REP + "})", "{{currency}}")
        .unit("short").decimals(0).noValue("no open deals");
    return d.build();
  }

  /** Pipeline health for managers: where deals sit, how long, how they move, win and loss. */
  static ObjectNode dealHealth() {
    DashboardBuilder d =
        new DashboardBuilder(
                "crmpulse-deal-health",
                "CRM Pulse — deal health",
                "Open deals and amounts by stage, weighted pipeline and forecast categories, days in"
                    + " stage and stage conversion over the last 90 days, win rates, stalled and"
                    + " neglected deals, and why deals were lost. Single deals are on the"
                    + " crmpulse.alerts topic; deal ids are never Prometheus labels.")
            .refresh("1m")
            .timeFrom("now-7d")
            .tag("deals")
            .labelVariable("team", "Team", "crmpulse_open_deals", true);
    String won = "sum by (window) (crmpulse_deals_won{" + TEAM + "})";
    String lost = "sum by (window) (crmpulse_deals_lost{" + TEAM + "})";

    d.panel("stat", "Open deals", "Open, not deleted deals (crmpulse_open_deals).", 0, 0, 4, 4)
        .instant("sum(crmpulse_open_deals{" + TEAM + "})", "open").unit("short").decimals(0)
        .option("textMode", "value");
    d.panel("stat", "Stalled deals",
            "Open deals in their stage longer than its stall threshold (crmpulse_stalled_deals).",
            4, 0, 4, 4)
        .instant("sum(crmpulse_stalled_deals{" + TEAM + "})", "stalled").unit("short").decimals(0)
        .noValue("0").thresholds("green", 1, "orange").option("textMode", "value");
    d.panel("stat", "Neglected deals",
            "Open deals without a completed activity within their stage's neglect threshold"
                + " (crmpulse_neglected_deals).",
            8, 0, 4, 4)
        .instant("sum(crmpulse_neglected_deals{" + TEAM + "})", "neglected").unit("short").decimals(0)
        .noValue("0").thresholds("green", 1, "orange").option("textMode", "value");
    d.panel("stat", "Win rate, 30 and 90 days",
            "Won over won plus lost, of the deals closed within the window (crmpulse_deals_won,"
                + " crmpulse_deals_lost summed over the selected teams' reps); absent when none closed.",
            12, 0, 6, 4)
        .instant("(" + won + " or 0 * " + lost + ") / (" + won + " + " + lost + " or " + won + " or "
            + lost + ")", "{{window}}")
        .unit("percentunit").decimals(0).min(0).max(1);
    d.panel("stat", "Weighted pipeline by currency",
            "Sum of amount × stage win probability over open deals, per currency"
                + " (team_currency:crmpulse_weighted_pipeline_amount:sum).",
            18, 0, 6, 4)
        .instant("sum by (currency) (team_currency:crmpulse_weighted_pipeline_amount:sum{" + TEAM + "})",
            "{{currency}}")
        .unit("short").decimals(0);

    d.panel("bargauge", "Open deals by stage",
            "Open deals by current stage (crmpulse_open_deals).", 0, 4, 8, 8)
        .instant("sum by (stage) (crmpulse_open_deals{" + TEAM + "})", "{{stage}}")
        .unit("short").decimals(0).min(0);
    d.panel("bargauge", "Open amount by stage",
            "Sum of the amounts of open deals by stage, per currency (crmpulse_pipeline_amount).",
            8, 4, 8, 8)
        .instant("sum by (stage, currency) (crmpulse_pipeline_amount{" + TEAM + "})",
            "{{stage}} {{currency}}")
        .unit("short").decimals(0).min(0);
    d.panel("bargauge", "Weighted pipeline by stage",
            "Amount × stage win probability over open deals by stage, per currency"
                + " (crmpulse_weighted_pipeline_amount).",
            16, 4, 8, 8)
        .instant("sum by (stage, currency) (crmpulse_weighted_pipeline_amount{" + TEAM + "})",
            "{{stage}} {{currency}}")
        .unit("short").decimals(0).min(0);

    d.panel("bargauge", "Days in stage (all teams)",
            "Days that the last 90 days' exits of each stage had spent in it: the median"
                + " (stage:crmpulse_stage_exit_days:median) and the 90th percentile, both"
                + " histogram_quantile over the buckets of crmpulse_stage_exits_within"
                + " (stage_le:crmpulse_stage_exits_within:sum), so estimates within a bucket."
                + " All teams: the recorded buckets are not kept per team.",
            0, 12, 8, 8)
        .instant("stage:crmpulse_stage_exit_days:median", "{{stage}} median")
        .instant("histogram_quantile(0.9, stage_le:crmpulse_stage_exits_within:sum)", "{{stage}} p90")
        .unit("d").decimals(1).min(0);
    d.panel("bargauge", "Stage conversion, last 90 days",
            "Exits of each stage in the last 90 days that moved forward (advanced or won) over all"
                + " its exits (team_stage:crmpulse_stage_conversion:ratio).",
            8, 12, 8, 8)
        .instant("team_stage:crmpulse_stage_conversion:ratio{" + TEAM + "}", "{{team}} {{stage}}")
        .unit("percentunit").decimals(0).min(0).max(1);
    d.panel("bargauge", "Forecast categories",
            "Sum of the amounts of open deals by forecast category, per currency"
                + " (crmpulse_forecast_amount).",
            16, 12, 8, 8)
        .instant("sum by (forecast_category, currency) (crmpulse_forecast_amount{" + TEAM + "})",
            "{{forecast_category}} {{currency}}")
        .unit("short").decimals(0).min(0);

    d.panel("bargauge", "Stalled deals by stage",
            "Open deals in their stage longer than its stall threshold, by stage"
                + " (crmpulse_stalled_deals).",
            0, 20, 6, 8)
        .instant("sum by (stage) (crmpulse_stalled_deals{" + TEAM + "})", "{{stage}}")
        .unit("short").decimals(0).min(0).noValue("none stalled");
    d.panel("bargauge", "Stalled deals by rep",
            "Stalled deals over all stages per owner (rep:crmpulse_stalled_deals:sum).",
            6, 20, 6, 8)
        .instant("sort_desc(rep:crmpulse_stalled_deals:sum{" + TEAM + "})", "{{rep}}")
        .unit("short").decimals(0).min(0).noValue("none stalled").thresholds("orange", 5, "red");
    d.panel("bargauge", "Neglected deals by rep",
            "Neglected open deals per owner (crmpulse_neglected_deals). The series has no stage"
                + " label, so neglect is shown by rep only.",
            12, 20, 6, 8)
        .instant("sort_desc(sum by (rep) (crmpulse_neglected_deals{" + TEAM + "}))", "{{rep}}")
        .unit("short").decimals(0).min(0).noValue("none neglected");
    d.panel("bargauge", "Lost deals by reason",
            "Deals lost within the last 30 and 90 days, by lost reason (crmpulse_deals_lost).",
            18, 20, 6, 8)
        .instant("sort_desc(sum by (reason, window) (crmpulse_deals_lost{" + TEAM + "}))",
            "{{reason}} ({{window}})")
        .unit("short").decimals(0).min(0).noValue("none lost");

    d.panel("bargauge", "Win rate by rep",
            "Each rep's won over won plus lost of the deals closed within the window"
                + " (crmpulse_win_rate_ratio); reps who closed none are not listed.",
            0, 28, 12, 8)
        .instant("sort_desc(crmpulse_win_rate_ratio{" + TEAM + "})", "{{rep}} {{window}}")
        .unit("percentunit").decimals(0).min(0).max(1);
    d.panel("timeseries", "Weighted pipeline over time",
            "Weighted pipeline per team and currency"
                + " (team_currency:crmpulse_weighted_pipeline_amount:sum).",
            12, 28, 12, 8)
        .range("team_currency:crmpulse_weighted_pipeline_amount:sum{" + TEAM + "}", "{{team}} {{currency}}")
        .unit("short").decimals(0);

    d.panel("bargauge", "Busy but not moving, by stage",
            "Open deals with many recent touches (deals.busy-touches, 5, within deals.busy-window,"
                + " 14 d) that have not changed stage within that window"
                + " (team_stage:crmpulse_busy_deals:sum).",
            0, 36, 12, 8)
        .instant("sum by (stage) (team_stage:crmpulse_busy_deals:sum{" + TEAM + "})", "{{stage}}")
        .unit("short").decimals(0).min(0).noValue("none");
    d.panel("bargauge", "Busy but not moving, by rep",
            "The same deals per owner (crmpulse_busy_deals): effort that is not moving the deal.",
            12, 36, 12, 8)
        .instant("sort_desc(sum by (rep) (crmpulse_busy_deals{" + TEAM + "}))", "{{rep}}")
        .unit("short").decimals(0).min(0).noValue("none");
    return d.build();
  }

  /** Where leads come from, how fast and how persistently reps work them, and what reps' days hold. */
  static ObjectNode leadsAndFollowUps() {
    DashboardBuilder d =
        new DashboardBuilder(
                "crmpulse-leads-followups",
                "CRM Pulse — leads and follow-ups",
                "Leads by source and how far they got (pursued, contacted, disposition), speed to"
                    + " lead and the response SLA, follow-ups before a prospect answers, leads given"
                    + " up after one touch, and the week's activity mix. Periods (today, week,"
                    + " month) are each owner's local calendar; windows roll up to now.")
            .refresh("1m")
            .timeFrom("now-7d")
            .tag("leads")
            .labelVariable("team", "Team", "crmpulse_calls_today", true);
    String month = "period=\"month\"," + TEAM;
    String week = "period=\"week\"," + TEAM;

    d.panel("stat", "Leads this month",
            "Leads created this month, summed over the selected teams"
                + " (team_source_period:crmpulse_leads:sum, period month).",
            0, 0, 4, 4)
        .instant("sum(team_source_period:crmpulse_leads:sum{" + month + "})", "leads")
        .unit("short").decimals(0).option("textMode", "value");
    d.panel("stat", "Pursued and contacted",
            "Of this month's leads, those with an outbound touch (pursued) and with a conversation"
                + " (contacted), per team (team_period:crmpulse_leads_pursued:ratio,"
                + " team_period:crmpulse_leads_contacted:ratio).",
            4, 0, 6, 4)
        .instant("team_period:crmpulse_leads_pursued:ratio{" + month + "}", "{{team}} pursued")
        .instant("team_period:crmpulse_leads_contacted:ratio{" + month + "}", "{{team}} contacted")
        .unit("percentunit").decimals(0).min(0).max(1);
    d.panel("stat", "Speed to lead this week, median",
            "Time from a lead's creation to its first outbound touch, median of the leads created"
                + " this week, per team (team_period:crmpulse_speed_to_lead_seconds:p50; estimated"
                + " within the buckets of crmpulse_speed_to_lead_within).",
            10, 0, 5, 4)
        .instant("team_period:crmpulse_speed_to_lead_seconds:p50{" + week + "}", "{{team}}")
        .unit("s").decimals(0);
    d.panel("stat", "Past the response SLA this week",
            "Leads created this week without an outbound touch within leads.response-sla (1 h by"
                + " default), counted the moment the SLA passes (team_period:crmpulse_leads_sla_breached:sum).",
            15, 0, 5, 4)
        .instant("team_period:crmpulse_leads_sla_breached:sum{" + week + "}", "{{team}}")
        .unit("short").decimals(0).noValue("0").thresholds("green", 1, "orange");
    d.panel("stat", "Given up after one touch, 30 days",
            "Leads touched once, outbound, with no second touch or answer within"
                + " leads.give-up-after (7 d by default), that moment in the last 30 days"
                + " (team_window:crmpulse_leads_given_up:sum).",
            20, 0, 4, 4)
        .instant("team_window:crmpulse_leads_given_up:sum{window=\"30d\"," + TEAM + "}", "{{team}}")
        .unit("short").decimals(0).noValue("0").thresholds("green", 1, "orange");

    d.panel("bargauge", "Leads by source this month: created, pursued, contacted",
            "This month's leads by source, and of them those pursued (an outbound touch) and"
                + " contacted (a conversation) (team_source_period:crmpulse_leads:sum,"
                + " …_pursued:sum, …_contacted:sum).",
            0, 4, 8, 9)
        .instant("sum by (source) (team_source_period:crmpulse_leads:sum{" + month + "})", "{{source}}")
        .instant("sum by (source) (team_source_period:crmpulse_leads_pursued:sum{" + month + "})",
            "{{source}} pursued")
        .instant("sum by (source) (team_source_period:crmpulse_leads_contacted:sum{" + month + "})",
            "{{source}} contacted")
        .unit("short").decimals(0).min(0);
    d.panel("bargauge", "Lead dispositions this month",
            "This month's leads by their current disposition; none while a lead is still open"
                + " (team_disposition_period:crmpulse_leads_by_disposition:sum).",
            8, 4, 8, 9)
        .instant("sum by (disposition) (team_disposition_period:crmpulse_leads_by_disposition:sum{"
            + month + "})", "{{disposition}}")
        .unit("short").decimals(0).min(0);
    d.panel("bargauge", "Calls this week by lead status",
            "Completed outbound calls this week that name a lead, by the lead's current status"
                + " (team_lead_status_period:crmpulse_calls_by_lead_status:sum).",
            16, 4, 8, 9)
        .instant("sum by (lead_status) (team_lead_status_period:crmpulse_calls_by_lead_status:sum{"
            + week + "})", "{{lead_status}}")
        .unit("short").decimals(0).min(0);

    d.panel("bargauge", "Speed to lead by team, this week",
            "Median and 95th percentile of the time from creation to first outbound touch of the"
                + " leads created this week (team_period:crmpulse_speed_to_lead_seconds:p50, :p95).",
            0, 13, 8, 8)
        .instant("team_period:crmpulse_speed_to_lead_seconds:p50{" + week + "}", "{{team}} p50")
        .instant("team_period:crmpulse_speed_to_lead_seconds:p95{" + week + "}", "{{team}} p95")
        .unit("s").decimals(0).min(0);
    d.panel("bargauge", "Follow-ups before an answer, last 30 days",
            "Leads and deals that answered or advanced in the last 30 days, by how many follow-ups"
                + " it took at most (cumulative: crmpulse_followups_before_response by max_followups).",
            8, 13, 8, 8)
        .instant("sum by (max_followups) (crmpulse_followups_before_response{window=\"30d\"," + TEAM + "})",
            "≤ {{max_followups}}")
        .unit("short").decimals(0).min(0);
    d.panel("stat", "Follow-ups that 80 % of answers needed",
            "The number of follow-ups within which 80 % of the last 30 days' answers or advances"
                + " came, per team (team_window:crmpulse_followups_before_response:p80); the seed's"
                + " benchmark is five.",
            16, 13, 8, 8)
        .instant("team_window:crmpulse_followups_before_response:p80{window=\"30d\"," + TEAM + "}", "{{team}}")
        .unit("short").decimals(1).thresholds("green", 5, "orange");

    d.panel("bargauge", "Follow-ups today — leaderboard",
            "Follow-ups each rep made on their local today (crmpulse_followups, period today).",
            0, 21, 8, 9)
        .instant("sort_desc(sum by (rep) (crmpulse_followups{period=\"today\"," + TEAM + "}))", "{{rep}}")
        .unit("short").decimals(0).min(0);
    d.panel("bargauge", "Opportunities per 1,000 outbound calls, 30 days",
            "Opportunities created in the last 30 days per 1,000 outbound calls in the same days,"
                + " per team (team_window:crmpulse_opportunities_per_1000_calls:ratio); the seed's"
                + " benchmark is 32.",
            8, 21, 8, 9)
        .instant("team_window:crmpulse_opportunities_per_1000_calls:ratio{window=\"30d\"," + TEAM + "}",
            "{{team}}")
        .unit("short").decimals(1).min(0).thresholds("orange", 32, "green");
    d.panel("bargauge", "Activities this week by type",
            "Completed activities this week by type, over the selected teams"
                + " (team_type_period:crmpulse_activities:sum, period week).",
            16, 21, 8, 9)
        .instant("sum by (type) (team_type_period:crmpulse_activities:sum{" + week + "})", "{{type}}")
        .unit("short").decimals(0).min(0);

    d.panel("timeseries", "Calls in the last hour by team",
            "The call rate over time: completed outbound calls in the 60 minutes before each instant"
                + " (team_window:crmpulse_outbound_calls:sum, window 1h).",
            0, 30, 12, 8)
        .range("team_window:crmpulse_outbound_calls:sum{window=\"1h\"," + TEAM + "}", "{{team}}")
        .unit("short").decimals(0).min(0);
    d.panel("timeseries", "Contact rate over 7 days by team",
            "Connected outbound calls over outbound calls in the last 7 days, per team"
                + " (team_window:crmpulse_contact_ratio:ratio, window 7d).",
            12, 30, 12, 8)
        .range("team_window:crmpulse_contact_ratio:ratio{window=\"7d\"," + TEAM + "}", "{{team}}")
        .unit("percentunit").decimals(0).min(0).max(1);
    return d.build();
  }

  /** The monitor's own health: input, lag, rejects, checkpoints, snapshot freshness, exporter. */
  static ObjectNode monitorOperations() {
    DashboardBuilder d =
        new DashboardBuilder(
                "crmpulse-monitor",
                "CRM Pulse — monitor operations",
                "Is the monitor itself healthy: events read per topic, consumer lag, rejected and"
                    + " late events, checkpoints, the freshness of the snapshots the exporter serves"
                    + " and how many series it holds. Flink series come from its Prometheus reporter"
                    + " (scrape job flink), the rest from the exporter (job crmpulse).")
            .refresh("10s")
            .timeFrom("now-1h")
            .tag("operations");

    d.panel("stat", "Age of the data",
            "Seconds since the newest event behind any served snapshot"
                + " (crmpulse_exporter_data_age_seconds); CrmPulseNoData fires above 15 minutes"
                + " while input arrives.",
            0, 0, 4, 4)
        .instant("max(crmpulse_exporter_data_age_seconds)", "data age")
        .unit("s").decimals(0).thresholds("green", 60, "orange", 900, "red").background()
        .option("textMode", "value");
    d.panel("stat", "Exporter caught up",
            "1 once the exporter has read crmpulse.metrics to the end offsets it found at start"
                + " (crmpulse_exporter_caught_up); before that it serves no business series.",
            4, 0, 4, 4)
        .instant("min(crmpulse_exporter_caught_up)", "caught up")
        .unit("bool_yes_no").thresholds("red", 1, "green").background().option("textMode", "value");
    d.panel("stat", "Scrape targets up",
            "Whether Prometheus can scrape the exporter (crmpulse) and Flink's reporter (flink):"
                + " up, per target.",
            8, 0, 6, 4)
        .instant("up{job=~\"crmpulse|flink\"}", "{{job}} {{instance}}")
        .unit("bool_yes_no").thresholds("red", 1, "green").background();
    d.panel("stat", "Exporter series",
            "Snapshots the exporter holds (every key of the topic, past periods included) and"
                + " series it serves now (crmpulse_exporter_series).",
            14, 0, 6, 4)
        .instant("sum by (state) (crmpulse_exporter_series)", "{{state}}")
        .unit("short").decimals(0);
    d.panel("stat", "Job restarts",
            "Restarts of the Flink job since it was submitted (flink_jobmanager_job_numRestarts);"
                + " CrmPulseJobRestarting fires at 3 in 15 minutes.",
            20, 0, 4, 4)
        .instant("max by (job_name) (flink_jobmanager_job_numRestarts)", "{{job_name}}")
        .unit("short").decimals(0).thresholds("green", 1, "orange", 3, "red").option("textMode", "value");

    d.panel("timeseries", "Events read per second by topic",
            "Records the job's Kafka source reads per second, per input topic (rate of the"
                + " reader's current offsets, KafkaSourceReader_topic_partition_currentOffset), and"
                + " all records its decoder sees (records_read, which has no topic label).",
            0, 4, 12, 8)
        .range("sum by (topic) (rate(flink_taskmanager_job_task_operator_KafkaSourceReader_topic_partition_currentOffset[$__rate_interval]))",
            "{{topic}}")
        .range("sum(rate(flink_taskmanager_job_task_operator_records_read[$__rate_interval]))",
            "decoded, all topics")
        .unit("cps").min(0);
    d.panel("timeseries", "Consumer lag",
            "Records behind the end of the input, worst partition (the Kafka consumer's"
                + " records-lag-max; CrmPulseConsumerLag fires above 10,000 for 10 minutes) and the"
                + " source's records not yet fetched (pendingRecords).",
            12, 4, 12, 8)
        .range("max by (job_name) (flink_taskmanager_job_task_operator_KafkaSourceReader_KafkaConsumer_records_lag_max)",
            "records-lag-max {{job_name}}")
        .range("sum by (job_name) (flink_taskmanager_job_task_operator_pendingRecords)",
            "pending records {{job_name}}")
        .unit("short").min(0);

    d.panel("timeseries", "Rejected and late events",
            "Per 5 minutes: input records dead-lettered as not valid events (records_rejected),"
                + " valid events beyond the allowed lateness (events_late), both on"
                + " crmpulse.deadletter with the reason, and snapshot records the exporter could not"
                + " use (crmpulse_exporter_rejected_snapshots_total).",
            0, 12, 8, 8)
        .range("sum(increase(flink_taskmanager_job_task_operator_records_rejected[5m]))", "rejected input")
        .range("sum(increase(flink_taskmanager_job_task_operator_events_late[5m]))", "late events")
        .range("sum(increase(crmpulse_exporter_rejected_snapshots_total[5m]))", "rejected snapshots")
        .unit("short").decimals(0).min(0);
    d.panel("timeseries", "Checkpoint duration",
            "Duration of the last completed checkpoint (flink_jobmanager_job_lastCheckpointDuration,"
                + " reported in ms); CrmPulseCheckpointsSlow fires above a minute.",
            8, 12, 8, 8)
        .range("max by (job_name) (flink_jobmanager_job_lastCheckpointDuration) / 1000", "{{job_name}}")
        .unit("s").min(0);
    d.panel("timeseries", "Checkpoints per 15 minutes",
            "Completed and failed checkpoints in the last 15 minutes"
                + " (numberOfCompletedCheckpoints, numberOfFailedCheckpoints); any failure fires"
                + " CrmPulseCheckpointsFailing.",
            16, 12, 8, 8)
        .range("sum by (job_name) (increase(flink_jobmanager_job_numberOfFailedCheckpoints[15m]))",
            "failed {{job_name}}")
        .range("sum by (job_name) (increase(flink_jobmanager_job_numberOfCompletedCheckpoints[15m]))",
            "completed {{job_name}}")
        .unit("short").decimals(0).min(0);

    d.panel("timeseries", "Snapshot freshness",
            "Age of the newest event behind the served snapshots over time"
                + " (crmpulse_exporter_data_age_seconds).",
            0, 20, 8, 8)
        .range("max(crmpulse_exporter_data_age_seconds)", "data age")
        .unit("s").min(0);
    d.panel("timeseries", "Exporter series over time",
            "Snapshots held and series served by the exporter (crmpulse_exporter_series); they grow"
                + " with reps, stages and currencies, not with the event rate.",
            8, 20, 8, 8)
        .range("sum by (state) (crmpulse_exporter_series)", "{{state}}")
        .unit("short").decimals(0).min(0);
    d.panel("timeseries", "Snapshots applied per second",
            "Records of crmpulse.metrics the exporter applied, by outcome: stored, stale (older"
                + " version ignored), removed (tombstone), absent (crmpulse_exporter_snapshots_total).",
            16, 20, 8, 8)
        .range("sum by (outcome) (rate(crmpulse_exporter_snapshots_total[$__rate_interval]))", "{{outcome}}")
        .unit("cps").min(0);
    return d.build();
  }

  /** Grafana macros the dashboards use, and what a test substitutes for them. */
  static final Map<String, String> MACROS = Map.of("$__rate_interval", "1m");
}
