package io.crmpulse.jobs.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigDecimal;
import java.time.DateTimeException;
import io.crmpulse.jobs.activity.PacingSettings;
import io.crmpulse.jobs.pipeline.BusinessTime;
import io.crmpulse.jobs.pipeline.DealSettings;
import io.crmpulse.jobs.prospect.ProspectSettings;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.util.TimeUtils;

/**
 * Everything the job reads from configuration: a properties file ({@code key=value}) plus
 * overrides (command-line flags). Unknown keys and bad values fail at start with the key, the
 * problem and the fix, never later in a running job.
 */
public final class JobConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap-servers";
  public static final String GROUP_ID = "kafka.group-id";
  public static final String ALLOWED_LATENESS = "events.allowed-lateness";
  public static final String MAX_FUTURE = "events.max-future";
  public static final String IDLE_TIMEOUT = "source.idle-timeout";
  public static final String DEFAULT_TIME_ZONE = "reps.default-time-zone";
  public static final String FLUSH_INTERVAL = "snapshots.flush-interval";
  public static final String CHECKPOINT_INTERVAL = "checkpoints.interval";
  public static final String CHECKPOINT_DIR = "checkpoints.dir";
  public static final String RESTORE_FROM = "checkpoints.restore-from";
  public static final String PARALLELISM = "job.parallelism";
  public static final String STAGES = "deals.stages";
  public static final String NEGLECT_AFTER = "deals.neglect-after";
  public static final String STALL_AFTER = "deals.stall-after";
  public static final String THRESHOLD_DAYS = "deals.threshold-days";
  public static final String WEEKEND = "deals.weekend";
  public static final String HOLIDAYS = "deals.holidays";
  public static final String CALENDAR_ZONE = "deals.calendar-zone";
  public static final String LOST_REASONS = "deals.lost-reasons";
  public static final String BUSY_TOUCHES = "deals.busy-touches";
  public static final String BUSY_WINDOW = "deals.busy-window";
  public static final String REMIND_EVERY = "alerts.remind-every";
  public static final String LEAD_SOURCES = "leads.sources";
  public static final String RESPONSE_SLA = "leads.response-sla";
  public static final String GIVE_UP_AFTER = "leads.give-up-after";
  public static final String TRAILING_DAYS = "pacing.trailing-days";
  public static final String PACING_WEEKEND = "pacing.weekend";
  public static final String DAILY_CALL_TARGET = "pacing.daily-call-target";

  /**
   * Keys that take a stage or a team after them: {@code deals.neglect-after.negotiation=7 d},
   * {@code deals.neglect-after.team.Nordics=10 d}.
   */
  private static final List<String> PER_STAGE = List.of(NEGLECT_AFTER, STALL_AFTER);
  private static final String TEAM_PART = ".team.";
  /** A stall threshold relative to the stage's median days in stage: {@code 2x median}. */
  private static final java.util.regex.Pattern MEDIAN_MULTIPLE =
      java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*x\\s*median");

  /** Every key with its default (null: no default) and what it means, for error messages. */
  private static final Map<String, Key> KEYS = new LinkedHashMap<>();

  static {
    key(BOOTSTRAP_SERVERS, "127.0.0.1:9092", "Kafka bootstrap servers, host:port[,host:port]");
    key(GROUP_ID, "crmpulse-job", "Kafka consumer group of the job's source");
    key(ALLOWED_LATENESS, "1 h", "how far out of event-time order an event may arrive and still count exactly");
    key(MAX_FUTURE, "1 d", "how far ahead of the clock (live) or of the newest other event (replay) an event_time may lie before it is rejected");
    key(IDLE_TIMEOUT, "5 s", "after this long without events a source partition no longer holds back event time");
    key(DEFAULT_TIME_ZONE, "UTC", "time zone of reps whose rep record has not arrived or has no time_zone");
    key(FLUSH_INTERVAL, "500 ms", "how long changes to a series are coalesced before its snapshot is written");
    key(CHECKPOINT_INTERVAL, "10 s", "how often the job checkpoints its state and source offsets");
    key(CHECKPOINT_DIR, null, "URI of durable checkpoint storage (file:///..., s3://...); unset keeps them in memory");
    key(RESTORE_FROM, null, "a retained checkpoint or savepoint (its chk-N directory) to resume state and offsets from");
    key(PARALLELISM, null, "parallelism of the job; unset uses the cluster's default");
    key(STAGES, "prospecting:0.1,qualification:0.2,proposal:0.5,negotiation:0.8", "the open stages in order, each with its win probability: stage:probability[,stage:probability]");
    key(NEGLECT_AFTER, "14 d", "how long an open deal may go without a completed activity before it is neglected; per stage: " + NEGLECT_AFTER + ".<stage>, per owner's team: " + NEGLECT_AFTER + TEAM_PART + "<team>");
    key(STALL_AFTER, "30 d", "how long an open deal may stay in one stage before it is stalled: a duration such as 30 d, or a multiple of the stage's observed median days in stage such as 2x median; per stage: " + STALL_AFTER + ".<stage> (either kind), per owner's team: " + STALL_AFTER + TEAM_PART + "<team> (a duration)");
    key(THRESHOLD_DAYS, "calendar", "how thresholds count days: calendar, or business (skipping " + WEEKEND + " and " + HOLIDAYS + ")");
    key(WEEKEND, "SATURDAY,SUNDAY", "days of the week that are not business days, such as SATURDAY,SUNDAY or FRIDAY,SATURDAY");
    key(HOLIDAYS, "", "dates that are not business days, such as 2026-12-24,2026-12-25 (may be empty)");
    key(CALENDAR_ZONE, "UTC", "the time zone whose local dates business days are");
    key(LOST_REASONS, "price,competitor,no_budget,no_decision,timing", "lost reasons kept as labels (lower case, a-z 0-9 _); any other reason counts as other");
    key(BUSY_TOUCHES, String.valueOf(DealSettings.DEFAULT_BUSY_TOUCHES), "how many completed activities within " + BUSY_WINDOW + " make an open deal busy (busy but not moving, when its stage was entered before the window): a whole number from 1 up");
    key(BUSY_WINDOW, DealSettings.DEFAULT_BUSY_WINDOW.toDays() + " d", "the rolling window in which " + BUSY_TOUCHES + " are counted, and how long before now the deal's stage must have been entered; calendar time, also with " + THRESHOLD_DAYS + "=business");
    key(REMIND_EVERY, "7 d", "how often a deal alert that stays raised is announced again");
    key(LEAD_SOURCES, "website,inbound_call,trade_show,referral,outbound,partner", "lead sources kept as labels (lower case, a-z 0-9 _); any other source counts as other, none as unknown");
    key(RESPONSE_SLA, "1 h", "how soon after its created_at a lead must have an outbound touch, or it breaches the response SLA");
    key(GIVE_UP_AFTER, "7 d", "how long after a lead's first touch, when outbound, no further touch makes the lead given up");
    key(TRAILING_DAYS, "10", "how many past working days a rep's calls so far today are held against (their median), a whole number from 1 to 20");
    key(DAILY_CALL_TARGET, "", "the daily call target of a rep whose rep record sets no daily_call_target, a whole number from 0 up (empty: none); per team: " + DAILY_CALL_TARGET + TEAM_PART + "<team>");
    key(PACING_WEEKEND, "SATURDAY,SUNDAY", "days of the week that are not working days for pacing, such as SATURDAY,SUNDAY or FRIDAY,SATURDAY (may be empty; at least one working day)");
  }

  private final Map<String, String> values;

  private JobConfig(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Reads {@code file} (may be null) and applies {@code overrides} on top, then checks every value.
   *
   * @throws ConfigException naming the first bad key and the fix
   */
  public static JobConfig load(Path file, Map<String, String> overrides) {
    Map<String, String> values = new TreeMap<>();
    KEYS.forEach((name, key) -> {
      if (key.defaultValue != null) {
        values.put(name, key.defaultValue);
      }
    });
    if (file != null) {
      values.putAll(readFile(file));
    }
    values.putAll(overrides);
    JobConfig config = new JobConfig(values);
    config.check();
    return config;
  }

  /** The defaults with {@code overrides} applied. */
  public static JobConfig of(Map<String, String> overrides) {
    return load(null, overrides);
  }


  public String bootstrapServers() {
    return values.get(BOOTSTRAP_SERVERS);
  }

  public String groupId() {
    return values.get(GROUP_ID);
  }

  public Duration allowedLateness() {
    return duration(ALLOWED_LATENESS);
  }

  public Duration maxFuture() {
    return duration(MAX_FUTURE);
  }

  public Duration idleTimeout() {
    return duration(IDLE_TIMEOUT);
  }

  public ZoneId defaultTimeZone() {
    return ZoneId.of(values.get(DEFAULT_TIME_ZONE));
  }

  public Duration flushInterval() {
    return duration(FLUSH_INTERVAL);
  }

  /** Which past days a rep's pace is held against. */
  public PacingSettings pacing() {
    int days = parse(TRAILING_DAYS, Integer::valueOf, "a whole number from 1 to 20");
    if (days < 1 || days > 20) {
      throw bad(TRAILING_DAYS, "must be from 1 to 20");
    }
    Set<DayOfWeek> weekend = new HashSet<>();
    for (String day : list(PACING_WEEKEND)) {
      weekend.add(parseValue(PACING_WEEKEND, day, d -> DayOfWeek.valueOf(d.toUpperCase(Locale.ROOT)),
          "days of the week such as SATURDAY,SUNDAY"));
    }
    if (weekend.size() == 7) {
      throw bad(PACING_WEEKEND, "leaves no working day");
    }
    Map<String, Integer> byTeam = new HashMap<>();
    values.keySet().stream().filter(JobConfig::teamTargetKey).forEach(name ->
        byTeam.put(name.substring((DAILY_CALL_TARGET + TEAM_PART).length()), callTarget(name)));
    Integer target = values.get(DAILY_CALL_TARGET).isBlank() ? null : callTarget(DAILY_CALL_TARGET);
    return new PacingSettings(days, weekend, target, byTeam);
  }

  /** Deal thresholds, stages and calendar. */
  public DealSettings deals() {
    List<String> stages = new ArrayList<>();
    Map<String, Double> probabilities = new HashMap<>();
    for (String entry : list(STAGES)) {
      int colon = entry.lastIndexOf(':');
      String stage = colon < 0 ? "" : entry.substring(0, colon).trim();
      double probability;
      try {
        probability = Double.parseDouble(entry.substring(colon + 1).trim());
      } catch (NumberFormatException e) {
        probability = -1;
      }
      if (stage.isEmpty() || probability < 0 || probability > 1 || stages.contains(stage)) {
        throw bad(STAGES, "has the entry '" + entry + "', which is not a new stage:probability with a probability from 0 to 1");
      }
      stages.add(stage);
      probabilities.put(stage, probability);
    }
    Set<DayOfWeek> weekend = new HashSet<>();
    for (String day : list(WEEKEND)) {
      weekend.add(parseValue(WEEKEND, day, d -> DayOfWeek.valueOf(d.toUpperCase(Locale.ROOT)),
          "days of the week such as SATURDAY,SUNDAY"));
    }
    if (weekend.size() == 7) {
      throw bad(WEEKEND, "leaves no business day");
    }
    Set<LocalDate> holidays = new HashSet<>();
    for (String date : list(HOLIDAYS)) {
      holidays.add(parseValue(HOLIDAYS, date, LocalDate::parse, "ISO dates such as 2026-12-25"));
    }
    String days = values.get(THRESHOLD_DAYS).trim();
    if (!days.equals("calendar") && !days.equals("business")) {
      throw bad(THRESHOLD_DAYS, "must be calendar or business");
    }
    Set<String> reasons = new HashSet<>();
    for (String reason : list(LOST_REASONS)) {
      if (!reason.matches("[a-z0-9_]+")) {
        throw bad(LOST_REASONS, "has '" + reason + "', which is not lower case a-z, 0-9 and _");
      }
      reasons.add(reason);
    }
    BigDecimal stallMultiple = multiple(STALL_AFTER);
    Map<String, Duration> stallByStage = new HashMap<>();
    Map<String, BigDecimal> stallMultipleByStage = new HashMap<>();
    values.keySet().stream()
        .filter(name -> name.startsWith(STALL_AFTER + ".") && !name.startsWith(STALL_AFTER + TEAM_PART))
        .forEach(name -> {
          String stage = name.substring(STALL_AFTER.length() + 1);
          BigDecimal k = multiple(name);
          if (k == null) {
            stallByStage.put(stage, duration(name));
          } else {
            stallMultipleByStage.put(stage, k);
          }
        });
    return new DealSettings(List.copyOf(stages), Map.copyOf(probabilities), duration(NEGLECT_AFTER),
        perStage(NEGLECT_AFTER), perTeam(NEGLECT_AFTER),
        stallMultiple == null ? duration(STALL_AFTER) : DealSettings.MEDIAN_FALLBACK,
        Map.copyOf(stallByStage), perTeam(STALL_AFTER),
        new BusinessTime(days.equals("business"), Set.copyOf(weekend), Set.copyOf(holidays),
            parse(CALENDAR_ZONE, ZoneId::of, "an IANA time zone such as Europe/Stockholm or UTC")),
        duration(REMIND_EVERY), Set.copyOf(reasons), stallMultiple, Map.copyOf(stallMultipleByStage),
        busyTouches(), duration(BUSY_WINDOW));
  }

  private int busyTouches() {
    int touches = parse(BUSY_TOUCHES, Integer::valueOf, "a whole number from 1 up, such as 5");
    if (touches < 1) {
      throw bad(BUSY_TOUCHES, "must be at least 1");
    }
    return touches;
  }

  /** Lead sources, response SLA, give-up interval, and the deal stages opportunities advance through. */
  public ProspectSettings prospects() {
    Set<String> sources = new HashSet<>();
    for (String source : list(LEAD_SOURCES)) {
      if (!source.matches("[a-z0-9_]+")) {
        throw bad(LEAD_SOURCES, "has '" + source + "', which is not lower case a-z, 0-9 and _");
      }
      sources.add(source);
    }
    return new ProspectSettings(Set.copyOf(sources), duration(RESPONSE_SLA), duration(GIVE_UP_AFTER),
        deals().stages());
  }

  /** The k of a value {@code <k>x median}, or null for anything else (a duration, say). */
  private BigDecimal multiple(String name) {
    java.util.regex.Matcher m = MEDIAN_MULTIPLE.matcher(values.get(name).trim().toLowerCase(Locale.ROOT));
    return m.matches() ? new BigDecimal(m.group(1)) : null;
  }

  /** A stall key that may be a multiple of the median: the default and the per-stage ones. */
  private static boolean medianAllowed(String name) {
    return name.equals(STALL_AFTER)
        || (name.startsWith(STALL_AFTER + ".") && !name.startsWith(STALL_AFTER + TEAM_PART));
  }

  private Map<String, Duration> perStage(String prefix) {
    return thresholds(prefix + ".", name -> !name.startsWith(prefix + TEAM_PART));
  }

  private Map<String, Duration> perTeam(String prefix) {
    return thresholds(prefix + TEAM_PART, name -> true);
  }

  private Map<String, Duration> thresholds(String prefix, java.util.function.Predicate<String> keep) {
    Map<String, Duration> thresholds = new HashMap<>();
    values.keySet().stream().filter(name -> name.startsWith(prefix) && keep.test(name))
        .forEach(name -> thresholds.put(name.substring(prefix.length()), duration(name)));
    return Map.copyOf(thresholds);
  }

  private List<String> list(String name) {
    return Arrays.stream(values.get(name).split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .toList();
  }

  /** Flink settings of the live job: checkpoints, state backend, restarts, types. */
  public Configuration flinkConfiguration() {
    Configuration flink = common();
    flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, duration(CHECKPOINT_INTERVAL));
    String dir = values.get(CHECKPOINT_DIR);
    if (dir != null) {
      flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
      flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir);
      // A job that is cancelled or whose cluster dies must be able to resume where it stood.
      flink.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
          ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    }
    if (values.containsKey(RESTORE_FROM)) {
      flink.set(StateRecoveryOptions.SAVEPOINT_PATH, values.get(RESTORE_FROM));
    }
    flink.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    if (values.containsKey(PARALLELISM)) {
      flink.setString("parallelism.default", values.get(PARALLELISM));
    }
    return flink;
  }

  /**
   * Flink settings of a replay: a bounded run that must not touch the live job's checkpoints, and
   * whose failure is an answer, not something to retry.
   */
  public Configuration replayFlinkConfiguration() {
    Configuration flink = common();
    flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    return flink;
  }

  private static Configuration common() {
    Configuration flink = new Configuration();
    flink.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    // Every type on the wire has a real serializer; Kryo creeping in would be a silent slowdown.
    flink.set(PipelineOptions.GENERIC_TYPES, false);
    return flink;
  }

  private void check() {
    for (String name : values.keySet()) {
      if (!KEYS.containsKey(name) && !perStageKey(name) && !teamTargetKey(name)) {
        throw new ConfigException("unknown config key '" + name + "'. Fix: use one of "
            + String.join(", ", KEYS.keySet()));
      }
    }
    List<String> positive = new ArrayList<>(List.of(ALLOWED_LATENESS, MAX_FUTURE, IDLE_TIMEOUT,
        FLUSH_INTERVAL, CHECKPOINT_INTERVAL, NEGLECT_AFTER, STALL_AFTER, BUSY_WINDOW, REMIND_EVERY,
        RESPONSE_SLA, GIVE_UP_AFTER));
    values.keySet().stream().filter(JobConfig::perStageKey).forEach(positive::add);
    for (String name : positive) {
      if (medianAllowed(name) && multiple(name) != null) {
        if (multiple(name).signum() <= 0) {
          throw bad(name, "must be a positive multiple of the median");
        }
        continue;
      }
      if (medianAllowed(name) && values.get(name).toLowerCase(Locale.ROOT).contains("median")) {
        throw bad(name, "is not a multiple of the median written as <k>x median, such as 2x median or 1.5x median");
      }
      if (name.startsWith(STALL_AFTER + TEAM_PART) && values.get(name).toLowerCase(Locale.ROOT).contains("median")) {
        throw bad(name, "must be a duration: a team's stall threshold cannot be a multiple of the median");
      }
      if (medianAllowed(name)) {
        parseValue(name, values.get(name), TimeUtils::parseDuration,
            "a duration such as 30 d, or a multiple of the stage's median such as 2x median");
      }
      if (duration(name).isNegative() || duration(name).isZero()) {
        throw bad(name, "must be positive");
      }
    }
    deals();
    prospects();
    pacing();
    parse(DEFAULT_TIME_ZONE, ZoneId::of, "an IANA time zone such as Europe/Stockholm or UTC");
    if (values.containsKey(PARALLELISM)
        && parse(PARALLELISM, Integer::valueOf, "a whole number from 1 up") < 1) {
      throw bad(PARALLELISM, "must be at least 1");
    }
    if (bootstrapServers().isBlank()) {
      throw bad(BOOTSTRAP_SERVERS, "must name at least one host:port");
    }
  }

  private static boolean teamTargetKey(String name) {
    return name.startsWith(DAILY_CALL_TARGET + TEAM_PART)
        && name.length() > (DAILY_CALL_TARGET + TEAM_PART).length();
  }

  private int callTarget(String name) {
    int target = parse(name, Integer::valueOf, "a whole number of calls from 0 up");
    if (target < 0) {
      throw bad(name, "must not be negative");
    }
    return target;
  }

  private static boolean perStageKey(String name) {
    return PER_STAGE.stream().anyMatch(prefix -> name.startsWith(prefix + ".")
        && name.length() > prefix.length() + 1);
  }

  private Duration duration(String name) {
    return parse(name, TimeUtils::parseDuration, "a duration such as 500 ms, 30 s, 1 h or 1 d");
  }

  private <T> T parse(String name, Function<String, T> parser, String expected) {
    return parseValue(name, values.get(name), parser, expected);
  }

  private static <T> T parseValue(String name, String raw, Function<String, T> parser,
      String expected) {
    try {
      return parser.apply(raw.trim());
    } catch (IllegalArgumentException | DateTimeException | NullPointerException e) {
      throw new ConfigException("config key '" + name + "' has value '" + raw
          + "', which is not valid. Fix: set it to " + expected + ".");
    }
  }

  private ConfigException bad(String name, String problem) {
    Key key = KEYS.get(name);
    String meaning = key != null ? key.meaning
        : teamTargetKey(name) ? KEYS.get(DAILY_CALL_TARGET).meaning
        : PER_STAGE.stream()
        .filter(prefix -> name.startsWith(prefix + ".")).map(prefix -> KEYS.get(prefix).meaning)
        .findFirst().orElseThrow();
    return new ConfigException("config key '" + name + "' " + problem + " (value '"
        + values.get(name) + "'). Fix: " + meaning + ".");
  }

  private static Map<String, String> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage()
          + ". Fix: pass an existing, readable file with --config.");
    }
    Map<String, String> values = new TreeMap<>();
    properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
    return values;
  }

  private static void key(String name, String defaultValue, String meaning) {
    KEYS.put(name, new Key(defaultValue, meaning));
  }

  private record Key(String defaultValue, String meaning) implements Serializable {}
}
