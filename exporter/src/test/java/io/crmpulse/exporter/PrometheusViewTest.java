package io.crmpulse.exporter;

import static io.crmpulse.exporter.Snapshots.NEXT_DAY;
import static io.crmpulse.exporter.Snapshots.T0;
import static io.crmpulse.exporter.Snapshots.T0_DAY;
import static io.crmpulse.exporter.Snapshots.callsToday;
import static io.crmpulse.exporter.Snapshots.series;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.contract.Metric;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrometheusViewTest {
  private final SeriesStore store = new SeriesStore();
  private final PrometheusView view = new PrometheusView(store);

  @Test
  void rendersBusinessSeriesExactly() {
    callsToday("r2", "b", T0_DAY).value(1).applyTo(store);
    callsToday("r1", "a", T0_DAY).value(3).applyTo(store);
    series("crmpulse_contact_ratio_today")
        .label("rep", "r1")
        .label("team", "a")
        .period(T0_DAY, NEXT_DAY)
        .value(0.25)
        .applyTo(store);

    assertThat(view.render(T0))
        .isEqualTo(
            """
            # HELP crmpulse_calls_today Completed outbound calls whose occurred_at falls on the rep's local today.
            # TYPE crmpulse_calls_today gauge
            crmpulse_calls_today{rep="r1",team="a"} 3.0
            crmpulse_calls_today{rep="r2",team="b"} 1.0
            # HELP crmpulse_contact_ratio_today Outbound calls today with outcome connected divided by outbound calls today; absent while the rep has no completed outbound call today.
            # TYPE crmpulse_contact_ratio_today gauge
            crmpulse_contact_ratio_today{rep="r1",team="a"} 0.25
            """);
  }

  @Test
  void sameContentGivesTheSameBytesWhateverTheArrivalOrder() {
    List<Snapshots> snapshots = new ArrayList<>();
    for (int rep = 0; rep < 40; rep++) {
      snapshots.add(callsToday("r" + rep, "t" + rep % 3, T0_DAY).value(rep));
      snapshots.add(
          series("crmpulse_open_deals")
              .label("rep", "r" + rep)
              .label("stage", "s" + rep % 4)
              .value(rep));
      snapshots.add(
          series("crmpulse_extra_" + (char) ('z' - rep % 26)).label("rep", "r" + rep).value(1));
    }
    String first = renderInOrder(snapshots);
    for (long seed = 1; seed <= 5; seed++) {
      List<Snapshots> shuffled = new ArrayList<>(snapshots);
      Collections.shuffle(shuffled, new Random(seed));
      assertThat(renderInOrder(shuffled)).isEqualTo(first);
    }
    assertThat(first.indexOf("crmpulse_calls_today")).isLessThan(first.indexOf("crmpulse_extra_a"));
  }

  @Test
  void renderingTwiceGivesTheSameBytes() {
    callsToday("r1", "a", T0_DAY).value(3).applyTo(store);
    series("crmpulse_open_deals").label("rep", "r1").label("stage", "demo").value(2).applyTo(store);

    assertThat(view.render(T0)).isEqualTo(view.render(T0));
  }

  @Test
  void labelValuesAreEscaped() {
    series("crmpulse_open_deals")
        .label("rep", "r\"1\\x")
        .label("stage", "line\nbreak")
        .value(1)
        .applyTo(store);

    assertThat(view.render(T0))
        .contains("crmpulse_open_deals{rep=\"r\\\"1\\\\x\",stage=\"line\\nbreak\"} 1.0\n");
  }

  @Test
  void seriesNamesAreKeptExactlyAsInTheSnapshot() {
    for (Metric metric : Metric.values()) {
      series(metric.seriesName()).label("rep", "r1").value(1).applyTo(store);
    }
    series("crmpulse_weighted_pipeline_amount").label("rep", "r1").value(1).applyTo(store);

    String text = view.render(T0);

    for (Metric metric : Metric.values()) {
      assertThat(text)
          .contains("# TYPE " + metric.seriesName() + " gauge\n")
          .contains(metric.seriesName() + "{rep=\"r1\"} 1.0\n");
    }
    assertThat(text).contains("crmpulse_weighted_pipeline_amount{rep=\"r1\"} 1.0\n");
  }

  @Test
  void everyFamilyHasHelpTextIncludingNamesOutsideTheCatalogue() {
    callsToday("r1", "a", T0_DAY).value(3).applyTo(store);
    series("crmpulse_not_in_the_catalogue").label("rep", "r1").value(2).applyTo(store);

    List<String> helpLines =
        view.render(T0).lines().filter(line -> line.startsWith("# HELP ")).toList();

    assertThat(helpLines).hasSize(2);
    assertThat(helpLines).allSatisfy(line -> assertThat(line.split(" ", 4)[3]).isNotBlank());
    assertThat(helpLines.get(1))
        .startsWith("# HELP crmpulse_not_in_the_catalogue CRM Pulse business series");
  }

  @Test
  void seriesLeaveTheOutputWhenTheirPeriodEndsOrTheyAreDeleted() {
    callsToday("r1", "a", T0_DAY).value(3).applyTo(store);
    callsToday("r2", "a", T0_DAY).value(4).applyTo(store);
    Snapshots deals =
        series("crmpulse_open_deals").label("rep", "r1").label("stage", "demo").value(2);
    deals.applyTo(store);
    assertThat(view.render(T0)).contains("crmpulse_calls_today{rep=\"r2\",team=\"a\"} 4.0");

    store.apply(deals.key(), null);
    callsToday("r1", "a", NEXT_DAY).value(1).applyTo(store);

    assertThat(view.render(NEXT_DAY))
        .isEqualTo(
            """
            # HELP crmpulse_calls_today Completed outbound calls whose occurred_at falls on the rep's local today.
            # TYPE crmpulse_calls_today gauge
            crmpulse_calls_today{rep="r1",team="a"} 1.0
            """);
    assertThat(view.render(NEXT_DAY.plusSeconds(86_400))).isEmpty();
  }

  @Test
  void valuesFollowTheStoreBetweenRenders() {
    callsToday("r1", "a", T0_DAY).value(3).version(1).applyTo(store);
    assertThat(view.render(T0)).contains("crmpulse_calls_today{rep=\"r1\",team=\"a\"} 3.0");

    callsToday("r1", "a", T0_DAY).value(4).version(2).applyTo(store);
    assertThat(view.render(T0)).contains("crmpulse_calls_today{rep=\"r1\",team=\"a\"} 4.0");
  }

  private static String renderInOrder(List<Snapshots> snapshots) {
    SeriesStore fresh = new SeriesStore();
    snapshots.forEach(s -> s.applyTo(fresh));
    return new PrometheusView(fresh).render(T0);
  }
}
