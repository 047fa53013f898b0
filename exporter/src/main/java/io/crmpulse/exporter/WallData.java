package io.crmpulse.exporter;

import io.crmpulse.contract.Metric;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the built-in wall shows at one instant, computed from the series {@link SeriesStore} serves
 * then (the values {@code /metrics} serves) and the exporter's own data age. Every list is capped
 * so that the page fits one screen whatever the number of reps; {@code more*} counts what was left
 * out. Serialised to JSON as it is, for the page and for tests alike.
 *
 * <p>Label values are passed on untouched: the page only ever puts them into text nodes.
 *
 * @param at the exporter's now the figures are for (ISO-8601)
 * @param ready false until the snapshot topic has been read to its end; the lists are empty then,
 *     as {@code /metrics} leaves business series out
 * @param dataAgeSeconds {@code crmpulse_exporter_data_age_seconds}; null before the first snapshot
 * @param newestEventTime the greatest event time received (ISO-8601); null before the first
 * @param dataAge {@code none}, {@code fresh}, {@code lagging} or {@code stale} (see the constants)
 * @param reps the leaderboard: the top {@link #MAX_REPS} reps by calls today
 * @param moreReps reps with activity today that the leaderboard leaves out
 * @param teams team totals over all reps, by calls
 * @param atRisk reps with neglected or stalled deals, most first
 * @param pipeline weighted pipeline per currency, greatest first
 */
public record WallData(
    String at,
    boolean ready,
    Double dataAgeSeconds,
    String dataAge,
    String newestEventTime,
    List<RepRow> reps,
    int moreReps,
    List<TeamRow> teams,
    int moreTeams,
    List<AtRiskRow> atRisk,
    int moreAtRisk,
    List<PipelineRow> pipeline,
    int morePipeline) {

  /** Leaderboard rows shown; about what a 1080-pixel screen holds at a size readable afar. */
  public static final int MAX_REPS = 12;

  public static final int MAX_TEAMS = 4;
  public static final int MAX_AT_RISK = 5;
  public static final int MAX_CURRENCIES = 3;

  /** Data younger than this is {@code fresh}. */
  public static final Duration FRESH_WITHIN = Duration.ofMinutes(1);

  /** Data older than this is {@code stale}: the threshold of the CrmPulseNoData alert. */
  public static final Duration STALE_AFTER = Duration.ofMinutes(15);

  public WallData {
    reps = List.copyOf(reps);
    teams = List.copyOf(teams);
    atRisk = List.copyOf(atRisk);
    pipeline = List.copyOf(pipeline);
  }

  /**
   * One rep's activity today.
   *
   * @param contactRatio null while the rep has no outbound call today
   */
  public record RepRow(
      int rank, String rep, String team, double calls, double conversations, Double contactRatio) {}

  /**
   * A team's activity today over all its reps.
   *
   * @param contactRatio connected ÷ outbound calls of the whole team (weighted by calls, as the
   *     recording rule {@code team:crmpulse_contact_ratio_today:ratio}); null with no call
   */
  public record TeamRow(
      String team, int reps, double calls, double conversations, Double contactRatio) {}

  /** A rep's open deals that need attention; {@code stalledByStage} sorted by stage. */
  public record AtRiskRow(
      String rep, String team, double neglected, double stalled, List<StageCount> stalledByStage) {
    public AtRiskRow {
      stalledByStage = List.copyOf(stalledByStage);
    }
  }

  public record StageCount(String stage, double deals) {}

  public record PipelineRow(String currency, double weighted) {}

  /**
   * The wall at {@code now}.
   *
   * @param served what {@link SeriesStore#current(Instant)} returns at now
   * @param newestEventTime the store's newest event time, empty before the first snapshot
   * @param ready whether the topic has been read to its end
   */
  public static WallData of(
      List<Series> served, Instant now, Optional<Instant> newestEventTime, boolean ready) {
    double ageSeconds = OperationalMetrics.dataAgeSeconds(newestEventTime, now);
    Double age = Double.isFinite(ageSeconds) ? ageSeconds : null;
    String ageState = ageState(newestEventTime.map(t -> Duration.between(t, now)));
    String at = now.toString();
    String newest = newestEventTime.map(Instant::toString).orElse(null);
    if (!ready) {
      return new WallData(
          at, false, age, ageState, newest, List.of(), 0, List.of(), 0, List.of(), 0, List.of(), 0);
    }

    Map<String, Activity> activity = new LinkedHashMap<>();
    Map<String, Deals> deals = new LinkedHashMap<>();
    Map<String, Double> weighted = new TreeMap<>();
    for (Series s : served) {
      String rep = s.labels().getOrDefault(Metric.REP, Metric.UNASSIGNED);
      String team = s.labels().getOrDefault(Metric.TEAM, Metric.UNKNOWN_TEAM);
      Optional<Metric> metric = Metric.bySeriesName(s.name());
      // NaN or an infinity has no place in a count or a sum (and JSON has no word for it).
      if (metric.isEmpty() || !Double.isFinite(s.value())) {
        continue;
      }
      switch (metric.get()) {
        case CALLS_TODAY -> activity(activity, rep, team).calls = s.value();
        case CONVERSATIONS_TODAY -> activity(activity, rep, team).conversations = s.value();
        case CONTACT_RATIO_TODAY -> activity(activity, rep, team).contactRatio = s.value();
        case NEGLECTED_DEALS -> deals(deals, rep, team).neglected += s.value();
        case STALLED_DEALS -> {
          Deals d = deals(deals, rep, team);
          d.stalled += s.value();
          d.byStage.merge(
              s.labels().getOrDefault(Metric.STAGE, Metric.UNKNOWN), s.value(), Double::sum);
        }
        case WEIGHTED_PIPELINE_AMOUNT ->
            weighted.merge(
                s.labels().getOrDefault(Metric.CURRENCY, Metric.UNKNOWN), s.value(), Double::sum);
        default -> {
          // Not on the wall.
        }
      }
    }

    List<Activity> byCalls = new ArrayList<>(activity.values());
    byCalls.sort(
        Comparator.comparingDouble((Activity a) -> -a.calls)
            .thenComparingDouble(a -> -a.conversations)
            .thenComparing(a -> a.rep));
    List<RepRow> reps = new ArrayList<>();
    for (Activity a : byCalls.subList(0, Math.min(MAX_REPS, byCalls.size()))) {
      reps.add(
          new RepRow(reps.size() + 1, a.rep, a.team, a.calls, a.conversations, a.contactRatio));
    }

    Map<String, TeamSums> teamSums = new TreeMap<>();
    for (Activity a : byCalls) {
      TeamSums t = teamSums.computeIfAbsent(a.team, k -> new TeamSums());
      t.reps++;
      t.calls += a.calls;
      t.conversations += a.conversations;
      if (a.contactRatio != null) {
        t.connected += a.contactRatio * a.calls;
      }
    }
    List<TeamRow> teams = new ArrayList<>();
    teamSums.forEach(
        (team, t) ->
            teams.add(
                new TeamRow(
                    team,
                    t.reps,
                    t.calls,
                    t.conversations,
                    t.calls > 0 ? t.connected / t.calls : null)));
    teams.sort(Comparator.comparingDouble((TeamRow t) -> -t.calls()).thenComparing(TeamRow::team));

    List<AtRiskRow> atRisk = new ArrayList<>();
    for (Deals d : deals.values()) {
      if (d.neglected + d.stalled > 0) {
        List<StageCount> stages = new ArrayList<>();
        d.byStage.forEach(
            (stage, n) -> {
              if (n > 0) {
                stages.add(new StageCount(stage, n));
              }
            });
        atRisk.add(new AtRiskRow(d.rep, d.team, d.neglected, d.stalled, stages));
      }
    }
    atRisk.sort(
        Comparator.comparingDouble((AtRiskRow r) -> -(r.neglected() + r.stalled()))
            .thenComparingDouble(r -> -r.stalled())
            .thenComparing(AtRiskRow::rep));

    List<PipelineRow> pipeline = new ArrayList<>();
    weighted.forEach((currency, amount) -> pipeline.add(new PipelineRow(currency, amount)));
    pipeline.sort(
        Comparator.comparingDouble((PipelineRow p) -> -p.weighted())
            .thenComparing(PipelineRow::currency));

    return new WallData(
        at,
        true,
        age,
        ageState,
        newest,
        reps,
        byCalls.size() - reps.size(),
        head(teams, MAX_TEAMS),
        Math.max(0, teams.size() - MAX_TEAMS),
        head(atRisk, MAX_AT_RISK),
        Math.max(0, atRisk.size() - MAX_AT_RISK),
        head(pipeline, MAX_CURRENCIES),
        Math.max(0, pipeline.size() - MAX_CURRENCIES));
  }

  static String ageState(Optional<Duration> age) {
    if (age.isEmpty()) {
      return "none";
    }
    if (age.get().compareTo(FRESH_WITHIN) < 0) {
      return "fresh";
    }
    return age.get().compareTo(STALE_AFTER) > 0 ? "stale" : "lagging";
  }

  private static <T> List<T> head(List<T> list, int max) {
    return list.subList(0, Math.min(max, list.size()));
  }

  /** The rep's team is the one its activity series carry; a rep is in one team at a time. */
  private static Activity activity(Map<String, Activity> byRep, String rep, String team) {
    return byRep.computeIfAbsent(rep, r -> new Activity(r, team));
  }

  private static Deals deals(Map<String, Deals> byRep, String rep, String team) {
    return byRep.computeIfAbsent(rep, r -> new Deals(r, team));
  }

  private static final class Activity {
    final String rep;
    final String team;
    double calls;
    double conversations;
    Double contactRatio;

    Activity(String rep, String team) {
      this.rep = rep;
      this.team = team;
    }
  }

  private static final class Deals {
    final String rep;
    final String team;
    double neglected;
    double stalled;
    final Map<String, Double> byStage = new TreeMap<>();

    Deals(String rep, String team) {
      this.rep = rep;
      this.team = team;
    }
  }

  private static final class TeamSums {
    int reps;
    double calls;
    double conversations;
    double connected;
  }
}
