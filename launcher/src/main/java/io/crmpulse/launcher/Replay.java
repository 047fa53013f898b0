package io.crmpulse.launcher;

import io.crmpulse.contract.EventJson;
import io.crmpulse.contract.EventValidator;
import io.crmpulse.contract.InvalidEventException;
import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.DeadLetter;
import io.crmpulse.exporter.PrometheusView;
import io.crmpulse.exporter.SeriesStore;
import io.crmpulse.jobs.ReplayRun;
import io.crmpulse.jobs.config.JobConfig;
import io.crmpulse.jobs.io.RawInput;
import io.crmpulse.jobs.metrics.SeriesUpdate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.util.TimeUtils;

/**
 * {@code crmpulse replay} without the command line (CONTRACT.md section 2): the live job's
 * operators over a JSON Lines file in a MiniCluster, and the series the exporter would serve at
 * as-of. The series are a pure function of (events, config, as-of); everything else is report.
 */
public final class Replay {
  private Replay() {}

  /** The series text for stdout, and the run's figures and rejected lines for stderr. */
  public record Output(String series, Instant asOf, List<String> report) {}

  /**
   * @param lines the file's lines, in order (line numbers count from 1)
   * @param asOf the instant to serve at; empty for the greatest event_time in the file
   */
  public static Output run(String origin, List<String> lines, Optional<Instant> asOf,
      JobConfig config, int parallelism) throws Exception {
    Map<Integer, CrmEvent> valid = new TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      int lineNumber = i + 1;
      parse(lines.get(i)).ifPresent(event -> valid.put(lineNumber, event));
    }
    Set<Integer> tooFarAhead = tooFarAhead(valid, asOf, config.maxFuture());
    Instant at = asOf.orElseGet(() -> newest(valid, tooFarAhead));

    List<RawInput> inputs = new ArrayList<>();
    List<String> report = new ArrayList<>();
    long afterAsOf = 0;
    for (int i = 0; i < lines.size(); i++) {
      int lineNumber = i + 1;
      String line = lines.get(i);
      CrmEvent event = valid.get(lineNumber);
      if (line.isBlank()) {
        continue;
      } else if (tooFarAhead.contains(lineNumber)) {
        report.add("line " + lineNumber + ": rejected: event_time " + event.getEventTime()
            + " is more than " + TimeUtils.formatWithHighestUnit(config.maxFuture())
            + " ahead of the newest other event");
      } else if (event != null && event.getEventTime().isAfter(at)) {
        afterAsOf++;
      } else {
        // Invalid lines go in too: the job rejects them with the reason, as it does live.
        inputs.add(new RawInput(origin, null, lineNumber, true, line.getBytes(StandardCharsets.UTF_8)));
      }
    }
    ReplayRun.Result result = ReplayRun.run(inputs, config, parallelism);

    SeriesStore store = new SeriesStore();
    for (SeriesUpdate update : result.updates()) {
      store.apply(update.key, update.snapshot);
    }
    List<String> figures = new ArrayList<>();
    figures.add("replay of " + origin + " as of " + at);
    figures.add(String.format("%-20s %d", "lines_after_as_of", afterAsOf));
    figures.add(String.format("%-20s %d", "lines_too_far_ahead", tooFarAhead.size()));
    result.figures().forEach((name, count) -> figures.add(String.format("%-20s %d", name, count)));
    result.deadLetters().stream()
        .sorted(Comparator.comparingLong(DeadLetter::getPosition))
        .forEach(d -> report.add("line " + d.getPosition() + ": " + d.getKind().name().toLowerCase()
            + ": " + d.getReason()));
    report.sort(Comparator.comparingInt(Replay::lineNumberOf));
    figures.addAll(report);
    return new Output(new PrometheusView(store).render(at), at, figures);
  }

  /**
   * Lines whose event_time is an impossible value: more than max-future ahead of the newest other
   * event. Outliers are peeled off from the top, so several bad clocks are all caught, while a
   * quiet weekend between two busy days is not an outlier.
   */
  static Set<Integer> tooFarAhead(Map<Integer, CrmEvent> valid, Optional<Instant> asOf,
      Duration maxFuture) {
    List<Map.Entry<Integer, CrmEvent>> newestFirst = valid.entrySet().stream()
        .filter(e -> asOf.isEmpty() || !e.getValue().getEventTime().isAfter(asOf.get()))
        .sorted(Comparator.comparing((Map.Entry<Integer, CrmEvent> e) -> e.getValue().getEventTime())
            .reversed())
        .toList();
    Set<Integer> outliers = new HashSet<>();
    for (int i = 0; i + 1 < newestFirst.size(); i++) {
      Instant time = newestFirst.get(i).getValue().getEventTime();
      Instant next = newestFirst.get(i + 1).getValue().getEventTime();
      if (Duration.between(next, time).compareTo(maxFuture) <= 0) {
        break;
      }
      outliers.add(newestFirst.get(i).getKey());
    }
    return outliers;
  }

  private static Instant newest(Map<Integer, CrmEvent> valid, Set<Integer> tooFarAhead) {
    return valid.entrySet().stream()
        .filter(e -> !tooFarAhead.contains(e.getKey()))
        .map(e -> e.getValue().getEventTime())
        .max(Comparator.naturalOrder())
        .orElseThrow(() -> new UserException(
            "the file holds no valid event, so there is no default --as-of; pass --as-of INSTANT"));
  }

  private static int lineNumberOf(String reportLine) {
    return Integer.parseInt(reportLine.substring("line ".length(), reportLine.indexOf(':')));
  }

  private static Optional<CrmEvent> parse(String line) {
    try {
      CrmEvent event = EventJson.parse(line);
      return EventValidator.check(event).isEmpty() ? Optional.of(event) : Optional.empty();
    } catch (InvalidEventException e) {
      return Optional.empty();
    }
  }
}
