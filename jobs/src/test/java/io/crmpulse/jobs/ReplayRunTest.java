package io.crmpulse.jobs;

import static io.crmpulse.contract.TestEvents.T0;
import static io.crmpulse.contract.TestEvents.call;
import static io.crmpulse.contract.TestEvents.rep;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.contract.AvroWire;
import io.crmpulse.contract.EventJson;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.MetricSnapshot;
import io.crmpulse.events.Outcome;
import io.crmpulse.jobs.config.JobConfig;
import io.crmpulse.jobs.io.ReplayWindow;
import io.crmpulse.jobs.metrics.JobFigures;
import io.crmpulse.jobs.metrics.SeriesUpdate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayRunTest {
  @TempDir Path dir;

  @Test
  void countsCallsPerRepDayAndReportsBadAndLateLines() throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add(EventJson.write(rep("r1", "north", "Europe/Stockholm", T0.minusSeconds(3600))));
    CrmEvent first = call("a1", "r1", Outcome.CONNECTED, T0, T0.plusSeconds(60));
    lines.add(EventJson.write(first));
    lines.add(EventJson.write(first));
    lines.add(EventJson.write(call("a2", "r1", Outcome.NO_ANSWER, T0.plusSeconds(600), T0.plus(Duration.ofHours(3)))));
    lines.add("{broken");
    lines.add(EventJson.write(call("a3", "r1", Outcome.CONNECTED, T0.minusSeconds(60), T0.minusSeconds(30))));

    lines.add("");
    lines.add(EventJson.write(call("a4", "r1", Outcome.CONNECTED, T0, T0.plus(Duration.ofHours(4)))));
    Path file = Files.write(dir.resolve("calls.jsonl"), lines);
    Instant asOf = T0.plus(Duration.ofHours(3));
    ReplayRun.Result result = ReplayRun.run(file,
        new ReplayWindow.Bounds(asOf, asOf, Instant.MAX, "1 d"), JobConfig.of(Map.of()), 2);

    Map<String, MetricSnapshot> latest = new HashMap<>();
    for (SeriesUpdate update : result.updates()) {
      if (update.isRemoval()) {
        latest.remove(update.key);
      } else {
        latest.put(update.key, update.snapshot);
      }
    }
    // The activity series are computed at as-of: c1 and c2 in the 7 d window, none in the hour.
    assertThat(latest.get("crmpulse_outbound_calls{rep=\"r1\",team=\"north\",window=\"7d\"}").getValue())
        .isEqualTo(2.0);
    assertThat(latest.get("crmpulse_contact_ratio{rep=\"r1\",team=\"north\",window=\"7d\"}").getValue())
        .isEqualTo(0.5);
    assertThat(latest).doesNotContainKey("crmpulse_outbound_calls{rep=\"r1\",team=\"north\",window=\"1h\"}");
    assertThat(latest.keySet()).filteredOn(key -> key.startsWith("crmpulse_activities{")).hasSize(6);
    latest.keySet().removeIf(key -> key.startsWith("crmpulse_activities{") || key.contains("window="));
    assertThat(latest).containsOnlyKeys(
        "crmpulse_calls_today{rep=\"r1\",team=\"north\"}@2026-03-09T23:00:00Z",
        "crmpulse_conversations_today{rep=\"r1\",team=\"north\"}@2026-03-09T23:00:00Z",
        "crmpulse_contact_ratio_today{rep=\"r1\",team=\"north\"}@2026-03-09T23:00:00Z",
        // The rep's target holds at any time: no period in its key.
        "crmpulse_daily_call_target{rep=\"r1\",team=\"north\"}");
    assertThat(latest.get("crmpulse_calls_today{rep=\"r1\",team=\"north\"}@2026-03-09T23:00:00Z").getValue())
        .isEqualTo(2.0);
    assertThat(latest.get("crmpulse_contact_ratio_today{rep=\"r1\",team=\"north\"}@2026-03-09T23:00:00Z").getValue())
        .isEqualTo(0.5);
    assertThat(result.deadLetters()).extracting(d -> d.getKind() + "@" + d.getPosition())
        .containsExactlyInAnyOrder("REJECTED@5", "LATE@6", "REJECTED@8");
    // Line 8 lies after as-of: a plausible clock that is rejected because as-of is the newest.
    assertThat(result.figures()).containsEntry(JobFigures.READ, 7L).containsEntry(JobFigures.DUPLICATE, 1L);
    assertThat(AvroWire.encode(result.deadLetters().get(0))).isNotEmpty();
  }
}
