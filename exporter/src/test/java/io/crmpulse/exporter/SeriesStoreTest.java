package io.crmpulse.exporter;

import static io.crmpulse.exporter.Snapshots.NEXT_DAY;
import static io.crmpulse.exporter.Snapshots.T0;
import static io.crmpulse.exporter.Snapshots.T0_DAY;
import static io.crmpulse.exporter.Snapshots.callsToday;
import static io.crmpulse.exporter.Snapshots.series;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesStoreTest {
  private final SeriesStore store = new SeriesStore();

  @Test
  void higherVersionReplacesTheHeldSnapshot() {
    assertThat(callsToday("r1", "a", T0_DAY).value(3).version(10).applyTo(store))
        .isEqualTo(ApplyOutcome.STORED);
    assertThat(callsToday("r1", "a", T0_DAY).value(4).version(11).applyTo(store))
        .isEqualTo(ApplyOutcome.STORED);

    assertThat(values(T0)).containsExactly(4.0);
  }

  @Test
  void lowerOrEqualVersionIsIgnoredSoNumbersNeverGoBackwards() {
    callsToday("r1", "a", T0_DAY).value(5).version(20).applyTo(store);

    assertThat(callsToday("r1", "a", T0_DAY).value(3).version(19).applyTo(store))
        .isEqualTo(ApplyOutcome.STALE);
    assertThat(callsToday("r1", "a", T0_DAY).value(2).version(20).applyTo(store))
        .isEqualTo(ApplyOutcome.STALE);

    assertThat(values(T0)).containsExactly(5.0);
  }

  @Test
  void rereadingTheTopicFromTheStartKeepsTheLatestValues() {
    List<Snapshots> topic =
        List.of(
            callsToday("r1", "a", T0_DAY).value(1).version(1),
            callsToday("r1", "a", T0_DAY).value(2).version(2),
            callsToday("r1", "a", T0_DAY).value(3).version(3));
    topic.forEach(s -> s.applyTo(store));
    topic.forEach(s -> s.applyTo(store));

    assertThat(values(T0)).containsExactly(3.0);
  }

  @Test
  void tombstoneRemovesTheKey() {
    Snapshots deals =
        series("crmpulse_open_deals").label("rep", "r1").label("stage", "demo").value(2);
    deals.applyTo(store);

    assertThat(store.apply(deals.key(), null)).isEqualTo(ApplyOutcome.REMOVED);
    assertThat(store.current(T0)).isEmpty();
    assertThat(store.heldCount()).isZero();
    assertThat(store.apply(deals.key(), null)).isEqualTo(ApplyOutcome.ABSENT);
  }

  @Test
  void aKeyCanComeBackAfterItsTombstone() {
    Snapshots deals = series("crmpulse_open_deals").label("rep", "r1").label("stage", "demo");
    deals.value(2).version(5).applyTo(store);
    store.apply(deals.key(), null);

    assertThat(deals.value(1).version(6).applyTo(store)).isEqualTo(ApplyOutcome.STORED);
    assertThat(values(T0)).containsExactly(1.0);
  }

  @Test
  void todaySeriesRollsOverAtTheRepsLocalMidnightWithoutAnyNewSnapshot() {
    callsToday("r1", "a", T0_DAY).value(7).applyTo(store);
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);

    assertThat(values(clock.instant())).containsExactly(7.0);

    clock = Clock.fixed(NEXT_DAY.minusMillis(1), ZoneOffset.UTC);
    assertThat(values(clock.instant())).containsExactly(7.0);

    clock = Clock.fixed(NEXT_DAY, ZoneOffset.UTC);
    assertThat(store.current(clock.instant())).isEmpty();
    assertThat(store.heldCount()).isEqualTo(1);
  }

  @Test
  void aPeriodIsNotServedBeforeItStarts() {
    callsToday("r1", "a", NEXT_DAY).value(1).applyTo(store);

    assertThat(store.current(NEXT_DAY.minusMillis(1))).isEmpty();
    assertThat(values(NEXT_DAY)).containsExactly(1.0);
  }

  @Test
  void yesterdayAndTodayAreDifferentKeysAndEachIsServedInItsOwnDay() {
    callsToday("r1", "a", T0_DAY).value(9).version(100).applyTo(store);
    callsToday("r1", "a", NEXT_DAY).value(2).version(50).applyTo(store);

    assertThat(values(T0)).containsExactly(9.0);
    assertThat(values(NEXT_DAY.plus(Duration.ofHours(1)))).containsExactly(2.0);
    assertThat(store.heldCount()).isEqualTo(2);
  }

  @Test
  void ofTwoPeriodsContainingNowTheLaterStartWins() {
    Instant laterStart = T0_DAY.plus(Duration.ofHours(1));
    // Keys differ by period start, so both are held; a changed time zone could produce this.
    series("crmpulse_calls_today")
        .label("rep", "r1")
        .period(laterStart, laterStart.plus(Duration.ofDays(1)))
        .value(2)
        .version(1)
        .applyTo(store);
    series("crmpulse_calls_today")
        .label("rep", "r1")
        .period(T0_DAY, NEXT_DAY)
        .value(8)
        .version(9)
        .applyTo(store);

    assertThat(values(T0)).containsExactly(2.0);
    assertThat(store.servedCount(T0)).isEqualTo(1);
  }

  @Test
  void seriesWithoutPeriodIsServedAtAnyInstant() {
    series("crmpulse_open_deals").label("rep", "r1").label("stage", "demo").value(4).applyTo(store);

    assertThat(values(Instant.EPOCH)).containsExactly(4.0);
    assertThat(values(T0.plus(Duration.ofDays(3650)))).containsExactly(4.0);
  }

  @Test
  void currentIsSortedByNameThenLabels() {
    series("crmpulse_open_deals").label("rep", "r2").label("stage", "demo").applyTo(store);
    callsToday("r2", "a", T0_DAY).applyTo(store);
    series("crmpulse_open_deals").label("rep", "r1").label("stage", "won").applyTo(store);
    callsToday("r10", "a", T0_DAY).applyTo(store);
    series("crmpulse_open_deals").label("rep", "r1").label("stage", "demo").applyTo(store);

    assertThat(store.current(T0))
        .extracting(s -> s.name() + s.labels())
        .containsExactly(
            "crmpulse_calls_today{rep=r10, team=a}",
            "crmpulse_calls_today{rep=r2, team=a}",
            "crmpulse_open_deals{rep=r1, stage=demo}",
            "crmpulse_open_deals{rep=r1, stage=won}",
            "crmpulse_open_deals{rep=r2, stage=demo}");
  }

  @Test
  void figuresForOperations() {
    assertThat(store.newestEventTime()).isEmpty();

    callsToday("r1", "a", T0_DAY).eventTime(T0.minusSeconds(60)).applyTo(store);
    callsToday("r2", "a", T0_DAY).eventTime(T0).applyTo(store);
    callsToday("r3", "a", T0_DAY.minus(Duration.ofDays(1)))
        .eventTime(T0.minusSeconds(5))
        .applyTo(store);

    assertThat(store.heldCount()).isEqualTo(3);
    assertThat(store.servedCount(T0)).isEqualTo(2);
    assertThat(store.newestEventTime()).contains(T0);
  }

  @Test
  void aStaleSnapshotDoesNotMoveTheNewestEventTime() {
    callsToday("r1", "a", T0_DAY).eventTime(T0).version(5).applyTo(store);
    callsToday("r1", "a", T0_DAY).eventTime(T0.plusSeconds(60)).version(4).applyTo(store);

    assertThat(store.newestEventTime()).contains(T0);
  }

  private List<Double> values(Instant now) {
    return store.current(now).stream().map(Series::value).toList();
  }
}
