package io.crmpulse.launcher;

import io.crmpulse.jobs.config.JobConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import picocli.CommandLine.Option;

/** Options shared by the commands that run the live Flink job ({@code demo}, {@code job}). */
public final class JobOptions {
  static final int DEFAULT_PARALLELISM = 2;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Job configuration file (key=value lines; keys as in the docs).")
  Path configFile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Set one job configuration key, over the file. Repeatable.")
  Map<String, String> sets = new LinkedHashMap<>();

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description = "Parallelism of the job (default: job.parallelism from the config, else 2).")
  Integer parallelism;

  @Option(
      names = "--flink-ui-port",
      paramLabel = "PORT",
      defaultValue = "8081",
      description = "Port of the Flink web UI on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int flinkUiPort;

  @Option(
      names = "--flink-metrics-port",
      paramLabel = "PORT",
      defaultValue = "9249",
      description =
          "Port of Flink's Prometheus reporter (lag, checkpoints, rejected and late records) on"
              + " 127.0.0.1 (default: ${DEFAULT-VALUE}, Flink's own; 0 picks a free one).")
  int flinkMetricsPort;

  /**
   * The job configuration: the file, then {@code --set}, then what the command decides
   * ({@code bootstrapServers} if not null), with the launcher's defaults for parallelism and the
   * checkpoint directory where neither the file nor {@code --set} chose one.
   */
  public JobConfig load(String bootstrapServers, Path defaultCheckpointDir) {
    Map<String, String> overrides = new LinkedHashMap<>(sets);
    // Loaded once as the user wrote it, to validate it and to see what it leaves unset.
    Configuration asWritten = JobConfig.load(configFile, overrides).flinkConfiguration();
    if (parallelism != null) {
      if (parallelism < 1) {
        throw new UserException("--parallelism must be at least 1, was " + parallelism);
      }
      overrides.put(JobConfig.PARALLELISM, String.valueOf(parallelism));
    } else if (asWritten.getOptional(CoreOptions.DEFAULT_PARALLELISM).isEmpty()) {
      overrides.put(JobConfig.PARALLELISM, String.valueOf(DEFAULT_PARALLELISM));
    }
    if (defaultCheckpointDir != null
        && asWritten.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).isEmpty()) {
      overrides.put(JobConfig.CHECKPOINT_DIR, defaultCheckpointDir.toUri().toString());
    }
    if (bootstrapServers != null) {
      overrides.put(JobConfig.BOOTSTRAP_SERVERS, bootstrapServers);
    }
    return JobConfig.load(configFile, overrides);
  }
}
