package io.crmpulse.exporter;

import io.crmpulse.contract.Metric;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The business series of a {@link SeriesStore} in Prometheus text exposition format 0.0.4, through
 * a Micrometer registry that holds nothing else: one {@link MultiGauge} per series name, refreshed
 * from {@link SeriesStore#current(Instant)} at every render.
 *
 * <p>The output is a pure function of the store's content and the instant: families sorted by name
 * and series by labels (the Prometheus model sorts both when it builds a scrape), so that {@code
 * crmpulse replay} prints the same bytes run after run.
 */
public final class PrometheusView {
  private static final Logger LOG = LoggerFactory.getLogger(PrometheusView.class);

  private final SeriesStore store;
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, MultiGauge> gaugesByName = new HashMap<>();
  private final Set<String> checkedNames = new HashSet<>();

  public PrometheusView(SeriesStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** The business series served at {@code now}, as a Prometheus scrape body. */
  public synchronized String render(Instant now) {
    Map<String, List<MultiGauge.Row<?>>> rowsByName = new TreeMap<>();
    for (Series series : store.current(now)) {
      rowsByName
          .computeIfAbsent(series.name(), name -> new ArrayList<>())
          .add(MultiGauge.Row.of(tags(series), series.value()));
    }
    rowsByName.keySet().forEach(name -> gaugesByName.computeIfAbsent(name, this::newGauge));
    // A name with no series left keeps its gauge, emptied: an empty family renders as nothing.
    gaugesByName.forEach(
        (name, gauge) -> gauge.register(rowsByName.getOrDefault(name, List.of()), true));
    String text = registry.scrape();
    rowsByName.keySet().forEach(name -> checkNameKept(name, text));
    return text;
  }

  /**
   * The Prometheus client strips reserved suffixes (_total, _info, _created, _bucket) from gauge
   * names and rewrites some characters, which would silently break dashboards; say so once.
   */
  private void checkNameKept(String name, String text) {
    if (checkedNames.add(name) && !text.contains("# TYPE " + name + " gauge\n")) {
      LOG.warn(
          "series {} is exported under another name (reserved suffix or character); rename it in"
              + " the job",
          name);
    }
  }

  /** The help text of a series name: the catalogue's, or a fallback for names it does not know. */
  static String help(String seriesName) {
    return Metric.bySeriesName(seriesName)
        .map(Metric::help)
        .orElse("CRM Pulse business series " + seriesName + " (not in this exporter's catalogue).");
  }

  private MultiGauge newGauge(String name) {
    return MultiGauge.builder(name).description(help(name)).register(registry);
  }

  private static Tags tags(Series series) {
    List<Tag> tags = new ArrayList<>(series.labels().size());
    series.labels().forEach((key, value) -> tags.add(Tag.of(key, value)));
    return Tags.of(tags);
  }
}
