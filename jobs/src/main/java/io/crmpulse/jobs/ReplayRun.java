package io.crmpulse.jobs;

import io.crmpulse.events.DeadLetter;
import io.crmpulse.events.DealAlert;
import io.crmpulse.jobs.config.JobConfig;
import io.crmpulse.jobs.config.LocalCluster;
import io.crmpulse.jobs.io.DecodeFunction;
import io.crmpulse.jobs.io.Decoded;
import io.crmpulse.jobs.io.JsonLinesFormat;
import io.crmpulse.jobs.io.MailboxSink;
import io.crmpulse.jobs.io.RawInput;
import io.crmpulse.jobs.io.ReplayWindow;
import io.crmpulse.jobs.metrics.JobFigures;
import io.crmpulse.jobs.metrics.SeriesUpdate;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the job over a JSON Lines file in a local MiniCluster and collects everything it wrote:
 * the engine behind {@code crmpulse replay} and the tests. The file streams through Flink's
 * FileSource, so its size is bounded by disk, not memory.
 */
public final class ReplayRun {
  private ReplayRun() {}

  /** What a bounded run produced, in the order it was produced. */
  public record Result(List<SeriesUpdate> updates, List<DealAlert> alerts,
      List<DeadLetter> deadLetters, Map<String, Long> figures) {}

  public static Result run(Path file, ReplayWindow.Bounds bounds, JobConfig config, int parallelism)
      throws Exception {
    Configuration flink = LocalCluster.loopback(config.replayFlinkConfiguration(), 0);
    return run(StreamExecutionEnvironment.createLocalEnvironment(parallelism, flink), file, bounds, config);
  }

  /** Runs on a given environment (a test's shared MiniCluster). */
  public static Result run(StreamExecutionEnvironment env, Path file, ReplayWindow.Bounds bounds,
      JobConfig config) throws Exception {
    FileSource<RawInput> lines = FileSource
        .forRecordStreamFormat(new JsonLinesFormat(file.toString()),
            new org.apache.flink.core.fs.Path(file.toUri()))
        .build();
    // One reader, so that event time, and with it lateness, follows the file's order exactly.
    DataStream<Decoded> input = env
        .fromSource(lines, WatermarkStrategy.noWatermarks(), "events file").uid("file-source")
        .setParallelism(1)
        .map(new DecodeFunction()).name("decode and validate").uid("decode").setParallelism(1)
        .flatMap(new ReplayWindow(bounds)).name("as-of window").uid("replay-window").setParallelism(1)
        .assignTimestampsAndWatermarks(CrmPulseJob.watermarks(config, true))
        .name("event time").uid("watermarks").setParallelism(1);
    CrmPulseJob.Outputs outputs = CrmPulseJob.build(input, config, bounds.asOf());
    MailboxSink<SeriesUpdate> updates = new MailboxSink<>();
    MailboxSink<DealAlert> alerts = new MailboxSink<>();
    MailboxSink<DeadLetter> deadLetters = new MailboxSink<>();
    outputs.series().sinkTo(updates).name("collect snapshots").uid("replay-snapshots");
    outputs.alerts().sinkTo(alerts).name("collect alerts").uid("replay-alerts");
    outputs.deadLetters().sinkTo(deadLetters).name("collect dead letters").uid("replay-dead-letters");
    JobExecutionResult result = env.execute(CrmPulseJob.NAME + " replay");
    Map<String, Long> figures = new LinkedHashMap<>();
    for (String name : JobFigures.ALL) {
      Object value = result.getAccumulatorResult(name);
      figures.put(name, value == null ? 0L : ((Number) value).longValue());
    }
    return new Result(updates.drain(), alerts.drain(), deadLetters.drain(), figures);
  }
}
