package io.crmpulse.jobs;

import io.crmpulse.contract.Topics;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.DeadLetter;
import io.crmpulse.events.DealAlert;
import io.crmpulse.events.EntityType;
import io.crmpulse.jobs.activity.ActivityContribution;
import io.crmpulse.jobs.activity.ActivityTracker;
import io.crmpulse.jobs.activity.PacingSettings;
import io.crmpulse.jobs.activity.RepActivityAggregator;
import io.crmpulse.jobs.config.JobConfig;
import io.crmpulse.jobs.io.AlertSerializer;
import io.crmpulse.jobs.io.DeadLetterSerializer;
import io.crmpulse.jobs.io.DeadLetters;
import io.crmpulse.jobs.io.Decoded;
import io.crmpulse.jobs.io.KafkaEventDeserializer;
import io.crmpulse.jobs.io.RebuildOffsets;
import io.crmpulse.jobs.io.SnapshotSerializer;
import io.crmpulse.jobs.metrics.SeriesUpdate;
import io.crmpulse.jobs.pipeline.DealAggregator;
import io.crmpulse.jobs.pipeline.DealBroadcast;
import io.crmpulse.jobs.pipeline.DealContribution;
import io.crmpulse.jobs.pipeline.DealDetector;
import io.crmpulse.jobs.pipeline.DealInput;
import io.crmpulse.jobs.pipeline.DealSettings;
import io.crmpulse.jobs.pipeline.DealVersion;
import io.crmpulse.jobs.pipeline.SnoozeVersion;
import io.crmpulse.jobs.pipeline.StageExitTracker;
import io.crmpulse.jobs.prospect.LeadVersion;
import io.crmpulse.jobs.prospect.ProspectInput;
import io.crmpulse.jobs.prospect.ProspectTracker;
import io.crmpulse.jobs.prospect.RepProspectAggregator;
import io.crmpulse.jobs.time.EventTimeHorizon;
import io.crmpulse.jobs.time.InputGate;
import io.crmpulse.jobs.time.LatenessWatermarks;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The CRM Pulse job: decode and validate, place in event time, keep per-activity and per-rep
 * state, publish coalesced metric snapshots. {@link #build} takes its decoded input as an argument
 * and returns its outputs, so live mode (Kafka in, Kafka out) and replay (a file in, collected
 * out) run the very same operators.
 */
public final class CrmPulseJob {
  public static final String NAME = "crmpulse";

  private CrmPulseJob() {}

  /** What the pipeline produces: snapshot writes, deal alerts, and records it did not count. */
  public record Outputs(DataStream<SeriesUpdate> series, DataStream<DealAlert> alerts,
      DataStream<DeadLetter> deadLetters) {}

  /**
   * The event-time strategy: the watermark trails the newest event by the allowed lateness. Live,
   * idle partitions stop holding event time back; in replay the watermark follows every event.
   */
  public static WatermarkStrategy<Decoded> watermarks(JobConfig config, boolean replay) {
    long lateness = config.allowedLateness().toMillis();
    EventTimeHorizon horizon = horizon(config, replay);
    WatermarkStrategy<Decoded> strategy = WatermarkStrategy
        .<Decoded>forGenerator(ctx -> new LatenessWatermarks(lateness, horizon, replay))
        .withTimestampAssigner((decoded, previous) -> decoded.eventTimeOrMin());
    return replay ? strategy : strategy.withIdleness(config.idleTimeout());
  }

  /**
   * Wires the operators onto decoded input that already carries {@link #watermarks}. The gate and
   * the filters after it run at the input's parallelism, chained to it, so the versions of one
   * record reach their keyed operator in input order, over one channel.
   *
   * @param replayAsOf the instant a replay serves at; null for the live job
   */
  public static Outputs build(DataStream<Decoded> input, JobConfig config, Instant replayAsOf) {
    boolean replay = replayAsOf != null;
    int inputParallelism = input.getParallelism();
    SingleOutputStreamOperator<CrmEvent> events = input
        .process(new InputGate(config.allowedLateness(), horizon(config, replay)))
        .name("rejected, late and future events").uid("input-gate")
        .setParallelism(inputParallelism);

    // A replay's output is its final state: its per-rep aggregators publish at the end only.
    Duration publishEvery = replay ? Duration.ZERO : config.flushInterval();
    DealSettings deals = config.deals();
    PacingSettings pacing = config.pacing();
    // Logins and opportunity creations count for reps as activities do: versioned per record.
    SingleOutputStreamOperator<ActivityContribution> contributions = events
        .filter(e -> e.getEntity() == EntityType.ACTIVITY || e.getEntity() == EntityType.LOGIN
            || e.getEntity() == EntityType.OPPORTUNITY)
        .name("activities, logins and opportunities").uid("activities")
        .setParallelism(inputParallelism)
        .keyBy(ActivityTracker::keyOf, Types.STRING)
        .process(new ActivityTracker(config.allowedLateness(), touchRetention(config),
            RepActivityAggregator.retention(pacing)))
        .name("activity versions").uid("activity-tracker");
    DataStream<CrmEvent> reps = events
        .filter(e -> e.getEntity() == EntityType.REP).name("reps").uid("reps")
        .setParallelism(inputParallelism);

    DataStream<SeriesUpdate> activitySeries = contributions
        .keyBy(c -> c.repId, Types.STRING)
        .connect(reps.keyBy(e -> e.getRep().getId(), Types.STRING))
        .process(new RepActivityAggregator(config.allowedLateness(), publishEvery,
            config.defaultTimeZone(), pacing, replayAsOf))
        .name("rep activity").uid("rep-activity");

    DataStream<DealInput> dealInputs = events
        .filter(e -> e.getEntity() == EntityType.OPPORTUNITY || e.getEntity() == EntityType.SNOOZE)
        .name("deals and snoozes").uid("deals-and-snoozes").setParallelism(inputParallelism)
        .map(e -> e.getEntity() == EntityType.OPPORTUNITY
            ? DealInput.version(DealVersion.of(e)) : DealInput.snooze(SnoozeVersion.of(e)))
        .returns(DealInput.class).name("deal inputs").uid("deal-inputs")
        .setParallelism(inputParallelism)
        .union(contributions.getSideOutput(ActivityTracker.TOUCHES));
    // Every detector instance sees all rep records (teams) and, when a stall threshold is a
    // multiple of a stage's median, every deal's stage exits, on one broadcast stream.
    DataStream<DealBroadcast> shared = reps
        .map(DealBroadcast::rep).returns(DealBroadcast.class)
        .name("rep teams").uid("rep-teams").setParallelism(inputParallelism);
    if (deals.byMedian()) {
      shared = shared.union(events
          .filter(e -> e.getEntity() == EntityType.OPPORTUNITY)
          .name("deal versions").uid("deal-versions").setParallelism(inputParallelism)
          .map(DealVersion::of).returns(DealVersion.class)
          .name("deal version records").uid("deal-version-records").setParallelism(inputParallelism)
          .keyBy(v -> v.dealId, Types.STRING)
          .process(new StageExitTracker(deals, config.allowedLateness(), replay))
          .name("stage exits").uid("stage-exit-tracker"));
    }
    SingleOutputStreamOperator<DealContribution> dealContributions = dealInputs
        .keyBy(in -> in.dealId, Types.STRING)
        .connect(shared.broadcast(DealDetector.REP_TEAMS, DealDetector.STAGE_EXITS))
        .process(new DealDetector(deals, config.allowedLateness(), config.flushInterval(),
            config.idleTimeout(), replayAsOf))
        .name("deal health").uid("deal-detector");
    DataStream<SeriesUpdate> dealSeries = dealContributions
        .keyBy(c -> c.ownerId, Types.STRING)
        .connect(reps.keyBy(e -> e.getRep().getId(), Types.STRING))
        .process(new DealAggregator(publishEvery, config.defaultTimeZone()))
        .name("rep deals").uid("rep-deals");

    // Leads and opportunities as prospects: their versions, and every version of the activities
    // that name them, keyed by lead/<id> or opportunity/<id>.
    DataStream<ProspectInput> prospectInputs = events
        .filter(e -> e.getEntity() == EntityType.LEAD || e.getEntity() == EntityType.OPPORTUNITY)
        .name("leads and opportunities").uid("leads-and-opportunities")
        .setParallelism(inputParallelism)
        .map(e -> e.getEntity() == EntityType.LEAD
            ? ProspectInput.lead(LeadVersion.of(e)) : ProspectInput.opportunity(DealVersion.of(e)))
        .returns(ProspectInput.class).name("prospect inputs").uid("prospect-inputs")
        .setParallelism(inputParallelism)
        .union(contributions.getSideOutput(ActivityTracker.PROSPECT_TOUCHES));
    DataStream<SeriesUpdate> prospectSeries = prospectInputs
        .keyBy(in -> in.key, Types.STRING)
        .process(new ProspectTracker(config.prospects(), config.allowedLateness(),
            config.flushInterval(), replayAsOf))
        .name("leads and follow-ups").uid("prospect-tracker")
        .keyBy(c -> c.repId, Types.STRING)
        .connect(reps.keyBy(e -> e.getRep().getId(), Types.STRING))
        .process(new RepProspectAggregator(
            config.allowedLateness(), publishEvery, config.defaultTimeZone()))
        .name("rep leads and follow-ups").uid("rep-prospects");
    return new Outputs(activitySeries.union(dealSeries, prospectSeries),
        dealContributions.getSideOutput(DealDetector.ALERTS), events.getSideOutput(DeadLetters.TAG));
  }

  private static EventTimeHorizon horizon(JobConfig config, boolean replay) {
    return replay ? EventTimeHorizon.none() : EventTimeHorizon.wallClock(config.maxFuture());
  }

  /** Adds the live pipeline to {@code env}: Kafka topics in, snapshot and dead-letter topics out. */
  public static void wireLive(StreamExecutionEnvironment env, JobConfig config) {
    KafkaSource<Decoded> source = KafkaSource.<Decoded>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setGroupId(config.groupId())
        .setTopics(Topics.INPUTS)
        .setStartingOffsets(new RebuildOffsets(
            rebuildWindow(config),
            Set.of(Topics.REPS, Topics.LEADS, Topics.OPPORTUNITIES, Topics.SNOOZES)))
        .setDeserializer(new KafkaEventDeserializer())
        .build();
    DataStream<Decoded> input =
        env.fromSource(source, watermarks(config, false), "crm topics").uid("kafka-source");
    Outputs outputs = build(input, config, null);
    // Snapshots are absolute values keyed by series: writing one twice is harmless, so
    // at-least-once gives exact numbers without holding output back until a checkpoint.
    outputs.series()
        .sinkTo(sink(config, new SnapshotSerializer(), DeliveryGuarantee.AT_LEAST_ONCE).build())
        .name("snapshot topic").uid("snapshot-sink");
    // Dead letters are counted by whoever reads them, so a restart must not write one twice.
    outputs.deadLetters()
        .sinkTo(sink(config, new DeadLetterSerializer(), DeliveryGuarantee.EXACTLY_ONCE)
            .setTransactionalIdPrefix(config.groupId() + "-deadletter")
            .setTransactionNamingStrategy(TransactionNamingStrategy.POOLING)
            // Below the broker's default transaction.max.timeout.ms (15 min).
            .setProperty("transaction.timeout.ms", String.valueOf(Duration.ofMinutes(10).toMillis()))
            .build())
        .name("dead-letter topic").uid("dead-letter-sink");
    // An alert must reach its owner the moment it happens, not at the next checkpoint; after a
    // restart a transition may be written again, under the same event id.
    outputs.alerts()
        .sinkTo(sink(config, new AlertSerializer(), DeliveryGuarantee.AT_LEAST_ONCE).build())
        .name("alert topic").uid("alert-sink");
  }

  /**
   * How far back a fresh start re-reads activities and logins: as far as a held one can still
   * count (month to date, the 30 d windows, the trailing days of pacing: {@link
   * RepActivityAggregator#retention}), be a deal's last touch or one of its busy touches, or count
   * for a prospect, plus the allowed lateness. Deals, leads, snoozes and reps never expire from
   * state while open, so their topics are read from the beginning. (A touch of an open lead older
   * than this is not re-read: a fresh start may forget its first touch.)
   */
  static Duration rebuildWindow(JobConfig config) {
    Duration touches = touchRetention(config);
    Duration held = RepActivityAggregator.retention(config.pacing());
    Duration longest = touches.compareTo(held) > 0 ? touches : held;
    return longest.plus(config.allowedLateness());
  }

  /**
   * How long an activity naming a deal or a lead keeps its versions: as long as it can be a deal's
   * last touch or busy touch or count for a prospect, so a later edit still reaches every record
   * it named.
   */
  static Duration touchRetention(JobConfig config) {
    Duration neglect = config.deals().longestTouchReach();
    Duration prospects = config.prospects().retention();
    return neglect.compareTo(prospects) > 0 ? neglect : prospects;
  }

  /** Wires the live pipeline and submits it without waiting for it to end. */
  public static JobClient startLive(StreamExecutionEnvironment env, JobConfig config)
      throws Exception {
    wireLive(env, config);
    return env.executeAsync(NAME);
  }

  /**
   * Entry point for {@code flink run}: {@code [--config FILE] [key=value ...]}, keys as in
   * {@link JobConfig}.
   */
  public static void main(String[] args) throws Exception {
    Path file = null;
    Map<String, String> overrides = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        file = Path.of(args[++i]);
      } else if (args[i].contains("=")) {
        overrides.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
      } else {
        throw new IllegalArgumentException("unexpected argument '" + args[i]
            + "'. Usage: [--config FILE] [key=value ...]");
      }
    }
    JobConfig config = JobConfig.load(file, overrides);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(config.flinkConfiguration());
    wireLive(env, config);
    env.execute(NAME);
  }

  private static <T> KafkaSinkBuilder<T> sink(JobConfig config,
      KafkaRecordSerializationSchema<T> serializer, DeliveryGuarantee guarantee) {
    return KafkaSink.<T>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setRecordSerializer(serializer)
        .setDeliveryGuarantee(guarantee);
  }
}
