package io.crmpulse.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigTest {
  @TempDir Path dir;

  @Test
  void defaultsFollowTheContract() {
    JobConfig config = JobConfig.of(Map.of());
    assertThat(config.allowedLateness()).isEqualTo(Duration.ofHours(1));
    assertThat(config.maxFuture()).isEqualTo(Duration.ofDays(1));
    assertThat(config.defaultTimeZone()).isEqualTo(ZoneId.of("UTC"));
  }

  @Test
  void fileAndOverridesAreReadInThatOrder() throws Exception {
    Path file = Files.writeString(dir.resolve("job.properties"),
        "events.allowed-lateness = 2 h\nreps.default-time-zone = Europe/Stockholm\n");
    JobConfig config = JobConfig.load(file, Map.of("events.allowed-lateness", "90 min"));
    assertThat(config.allowedLateness()).isEqualTo(Duration.ofMinutes(90));
    assertThat(config.defaultTimeZone()).isEqualTo(ZoneId.of("Europe/Stockholm"));
  }

  @Test
  void badValuesFailNamingTheKeyAndTheFix() {
    assertThatThrownBy(() -> JobConfig.of(Map.of("events.allowed-lateness", "soon")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config key 'events.allowed-lateness' has value 'soon', which is not valid."
            + " Fix: set it to a duration such as 500 ms, 30 s, 1 h or 1 d.");
    assertThatThrownBy(() -> JobConfig.of(Map.of("reps.default-time-zone", "Mars/Olympus")))
        .hasMessageContaining("'reps.default-time-zone'").hasMessageContaining("IANA time zone");
    assertThatThrownBy(() -> JobConfig.of(Map.of("snapshots.flush-interval", "0 ms")))
        .hasMessageStartingWith("config key 'snapshots.flush-interval' must be positive");
    assertThatThrownBy(() -> JobConfig.of(Map.of("events.lateness", "1 h")))
        .hasMessageStartingWith("unknown config key 'events.lateness'. Fix: use one of")
        .hasMessageContaining("events.allowed-lateness");
    assertThatThrownBy(() -> JobConfig.load(dir.resolve("missing.properties"), Map.of()))
        .hasMessageStartingWith("cannot read config file");
  }

  @Test
  void durableCheckpointsAreRetainedAndCanBeResumedFrom() {
    var flink = JobConfig.of(Map.of("checkpoints.dir", "file:///tmp/ck",
        "checkpoints.restore-from", "file:///tmp/ck/job/chk-3")).flinkConfiguration();
    assertThat(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("file:///tmp/ck");
    assertThat(flink.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION).name())
        .isEqualTo("RETAIN_ON_CANCELLATION");
    assertThat(flink.get(StateRecoveryOptions.SAVEPOINT_PATH)).isEqualTo("file:///tmp/ck/job/chk-3");
  }
}
