package io.crmpulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmpulse.events.CrmEvent;
import io.crmpulse.events.EntityType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The live feed's pacing, against the real clock (the one thing here that is about it). */
class LiveFeedTest {
  @Test
  void atRealTimeNoEventIsFromTheFuture() throws InterruptedException {
    Clock clock = Clock.systemUTC();
    CollectingSink sink = new CollectingSink(clock);
    LiveFeed.Settings settings = LiveFeed.Settings.defaults(3, 1.0);
    Instant started = clock.instant();
    try (LiveFeed feed = LiveFeed.start(sink, settings, clock)) {
      // The backlog, two weeks of history and the warm-up hour go out at once.
      awaitLastEventAfter(sink, started.minus(Duration.ofMinutes(15)), Duration.ofSeconds(30));
      Thread.sleep(1_500);
      assertThat(feed.sent()).isPositive();
      assertThat(feed.failure()).isEmpty();
    }
    assertThat(sink.closed()).isTrue();
    assertThat(sink.flushes()).isPositive();
    assertThat(sink.sent()).isNotEmpty();
    for (CollectingSink.Sent sent : sink.sent()) {
      assertThat(sent.event().getEventTime()).isBeforeOrEqualTo(sent.wall());
    }
    // The warm-up hour went out at once, with event times before the start, and then live events.
    assertThat(sink.sent().get(sink.sent().size() - 1).event().getEventTime())
        .isAfter(started.minus(Duration.ofMinutes(15)));
    // So did the backlog, snoozed deals included: a fresh wall has snoozes to show.
    assertThat(sink.sent()).anyMatch(sent -> sent.event().getEntity() == EntityType.SNOOZE);
  }

  @Test
  void atHighSpeedSimulatedTimeRunsAheadOfTheWall() throws InterruptedException {
    Clock clock = Clock.systemUTC();
    CollectingSink sink = new CollectingSink(clock);
    Instant started = clock.instant();
    LiveFeed.Settings settings =
        new LiveFeed.Settings(4, 3_600, 1.0, 12, Duration.ZERO, Duration.ZERO, 0);
    try (LiveFeed feed = LiveFeed.start(sink, settings, clock)) {
      Thread.sleep(1_200);
      Instant simulated = feed.simulatedNow();
      assertThat(simulated).isAfter(started.plus(Duration.ofMinutes(50)));
      for (CollectingSink.Sent sent : sink.sent()) {
        assertThat(sent.event().getEventTime()).isBefore(feed.simulatedNow());
      }
    }
    assertThat(sink.sent().stream().map(CollectingSink.Sent::event).map(CrmEvent::getEventTime))
        .anyMatch(time -> time.isAfter(started.plus(Duration.ofMinutes(10))));
  }

  @Test
  void stopsByItselfAfterMaxEvents() throws InterruptedException {
    CollectingSink sink = new CollectingSink(Clock.systemUTC());
    LiveFeed.Settings settings =
        new LiveFeed.Settings(5, 1.0, 1.0, 12, Duration.ofHours(1), Duration.ZERO, 100);
    try (LiveFeed feed = LiveFeed.start(sink, settings, Clock.systemUTC())) {
      assertThat(feed.awaitStopped(Duration.ofSeconds(10))).isTrue();
      assertThat(feed.sent()).isEqualTo(100);
    }
    assertThat(sink.sent()).hasSize(100);
  }

  @Test
  void closeStopsPromptlyWhileWaiting() {
    CollectingSink sink = new CollectingSink(Clock.systemUTC());
    LiveFeed.Settings settings =
        new LiveFeed.Settings(6, 1.0, 1.0, 1, Duration.ZERO, Duration.ZERO, 0);
    LiveFeed feed = LiveFeed.start(sink, settings, Clock.systemUTC());
    long before = System.nanoTime();
    feed.close();
    feed.close();
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(2));
    assertThat(sink.closed()).isTrue();
  }

  @Test
  void settingsRejectBadValues() {
    Duration none = Duration.ZERO;
    assertThatThrownBy(() -> new LiveFeed.Settings(1, 0, 1, 12, none, none, 0))
        .hasMessageContaining("speed must be above 0");
    assertThatThrownBy(() -> new LiveFeed.Settings(1, 1, 1, 12, Duration.ofDays(30), none, 0))
        .hasMessageContaining("warmUp");
    assertThatThrownBy(() -> new LiveFeed.Settings(1, 1, -2, 12, none, none, 0))
        .hasMessageContaining("rate");
    assertThatThrownBy(() -> new LiveFeed.Settings(1, 1, 1, 12, none, Duration.ofDays(63), 0))
        .hasMessage("history must be between 0 and 62 days, got PT1512H");
    assertThatThrownBy(() -> new LiveFeed.Settings(1, 1, 1, 12, none, Duration.ofDays(-1), 0))
        .hasMessageContaining("history must be between 0 and 62 days");
    assertThatThrownBy(() -> LiveFeed.Settings.defaults(1, 1).withHistory(Duration.ofMillis(1)))
        .hasMessageContaining("history must be a whole number of seconds");
    assertThat(LiveFeed.Settings.defaults(1, 1).withHistory(Duration.ofDays(62)).history())
        .isEqualTo(SimulationOptions.MAX_HISTORY);
  }

  private static void awaitLastEventAfter(CollectingSink sink, Instant after, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      var sent = sink.sent();
      if (!sent.isEmpty() && sent.get(sent.size() - 1).event().getEventTime().isAfter(after)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the feed did not reach " + after + " within " + timeout);
  }

  @Test
  void theDemoRateFallsToRealisticAsTheSpeedRises() {
    assertThat(LiveFeed.Settings.demoRate(1)).isEqualTo(15);
    assertThat(LiveFeed.Settings.demoRate(5)).isEqualTo(3);
    assertThat(LiveFeed.Settings.demoRate(60)).isEqualTo(1);
  }
}
