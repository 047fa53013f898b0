package io.crmpulse.exporter;

import java.time.Clock;
import java.util.Objects;

/**
 * The body of {@code GET /metrics}: the business series at the clock's now, then the exporter's
 * operational series.
 *
 * <p>Business series are left out until the snapshot topic has been read to its end: a restarted
 * exporter that served half-read numbers would show dips on every wall; a short gap is honest.
 */
public final class MetricsPage {
  private final PrometheusView business;
  private final OperationalMetrics operational;
  private final Clock clock;

  public MetricsPage(PrometheusView business, OperationalMetrics operational, Clock clock) {
    this.business = Objects.requireNonNull(business, "business");
    this.operational = Objects.requireNonNull(operational, "operational");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The full scrape body, in Prometheus text format 0.0.4. */
  public String render() {
    String operationalText = operational.scrape();
    if (!operational.caughtUp()) {
      return operationalText;
    }
    // Both parts are complete families under distinct names, so plain concatenation is valid.
    return business.render(clock.instant()) + operationalText;
  }
}
