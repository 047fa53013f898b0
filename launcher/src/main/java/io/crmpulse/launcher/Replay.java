package io.crmpulse.launcher;

import io.crmpulse.contract.EventJson;
import io.crmpulse.contract.EventValidator;
import io.crmpulse.contract.InvalidEventException;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.DeadLetter;
import io.crmpulse.events.DealAlert;
import io.crmpulse.exporter.PrometheusView;
import io.crmpulse.exporter.SeriesStore;
import io.crmpulse.jobs.ReplayRun;
import io.crmpulse.jobs.config.JobConfig;
import io.crmpulse.jobs.io.ByteLines;
import io.crmpulse.jobs.io.EventDecoding;
import io.crmpulse.jobs.io.ReplayWindow;
import io.crmpulse.jobs.metrics.SeriesUpdate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.flink.util.TimeUtils;

/**
 * {@code crmpulse replay} without the command line (CONTRACT.md section 2): the live job's
 * operators over a JSON Lines file in a MiniCluster, and the series the exporter would serve at
 * as-of. The series are a pure function of (events, config, as-of); everything else is report.
 */
public final class Replay {
  private Replay() {}

  /**
   * The series text for stdout, the deal alert transitions as JSON lines, and the run's figures and
   * rejected lines for stderr.
   */
  public record Output(String series, List<String> alerts, List<String> report) {}

  /**
   * @param asOf the instant to serve at; empty for the newest event_time in the file
   * @throws UserException when the file cannot be read
   */
  public static Output run(Path file, Optional<Instant> asOf, JobConfig config, int parallelism)
      throws Exception {
    long[] times = eventTimes(file);
    ReplayWindow.Bounds bounds = bounds(times, asOf, config.maxFuture());
    ReplayRun.Result result = ReplayRun.run(file, bounds, config, parallelism);

    SeriesStore store = new SeriesStore();
    for (SeriesUpdate update : result.updates()) {
      store.apply(update.key, update.snapshot);
    }
    List<String> report = new ArrayList<>();
    report.add("replay of " + file + " as of " + bounds.asOf()
        + (times.length == 0 ? " (the file holds no valid event)" : ""));
    result.figures().forEach((name, count) -> report.add(String.format("%-20s %d", name, count)));
    List<String> alerts = result.alerts().stream()
        .sorted(Comparator.comparing(DealAlert::getAt).thenComparing(DealAlert::getAlertId)
            .thenComparing(DealAlert::getEventId))
        .map(EventJson::write)
        .toList();
    report.add(String.format("%-20s %d", "alert_transitions", alerts.size()));
    result.deadLetters().stream()
        .sorted(Comparator.comparingLong(DeadLetter::getPosition))
        .forEach(d -> report.add("line " + d.getPosition() + ": " + d.getKind().name().toLowerCase()
            + ": " + d.getReason()));
    return new Output(new PrometheusView(store).render(bounds.asOf()), alerts, report);
  }

  /**
   * As-of and the newest plausible event time. An event_time more than max-future ahead of the
   * newest other event is an impossible value; outliers are peeled off from the top, so several
   * bad clocks are all caught while a quiet weekend between two busy days is not one. Without
   * --as-of, as-of is the newest plausible event and everything after it is an outlier.
   */
  static ReplayWindow.Bounds bounds(long[] eventTimes, Optional<Instant> asOf, Duration maxFuture) {
    long[] seen = Arrays.stream(eventTimes)
        .filter(t -> asOf.isEmpty() || t <= asOf.get().toEpochMilli())
        .sorted()
        .toArray();
    if (seen.length == 0) {
      // Nothing to take "today" from: every line is reported as rejected and no series printed.
      Instant at = asOf.orElse(Instant.EPOCH);
      return new ReplayWindow.Bounds(at, at, at, TimeUtils.formatWithHighestUnit(maxFuture));
    }
    int newest = seen.length - 1;
    while (newest > 0 && seen[newest] - seen[newest - 1] > maxFuture.toMillis()) {
      newest--;
    }
    Instant plausibleUntil = Instant.ofEpochMilli(seen[newest]);
    // With an explicit as-of, events after it are not seen yet rather than impossible.
    return new ReplayWindow.Bounds(asOf.orElse(plausibleUntil), plausibleUntil,
        asOf.orElse(Instant.MAX), TimeUtils.formatWithHighestUnit(maxFuture));
  }

  /** The event_time of every valid event in the file, read as a stream. */
  static long[] eventTimes(Path file) {
    long[] times = new long[1024];
    int count = 0;
    try (ByteLines lines = new ByteLines(Files.newInputStream(file))) {
      for (byte[] line = lines.next(); line != null; line = lines.next()) {
        Optional<CrmEvent> event = parse(line);
        if (event.isPresent()) {
          if (count == times.length) {
            times = Arrays.copyOf(times, count * 2);
          }
          times[count++] = event.get().getEventTime().toEpochMilli();
        }
      }
    } catch (IOException e) {
      throw new UserException("cannot read --events " + file + ": " + e);
    }
    return Arrays.copyOf(times, count);
  }

  private static Optional<CrmEvent> parse(byte[] line) {
    try {
      CrmEvent event = EventJson.parse(EventDecoding.utf8(line));
      return EventValidator.check(event).isEmpty() ? Optional.of(event) : Optional.empty();
    } catch (InvalidEventException e) {
      return Optional.empty();
    }
  }
}
