package io.crmpulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PacerTest {
  private static final Instant WALL = Instant.parse("2026-03-10T14:03:07.250Z");

  @Test
  void atSpeedOneSimulatedTimeIsTheWallClock() {
    MutableClock clock = new MutableClock(WALL);
    Pacer pacer = new Pacer(clock, 1);
    assertThat(pacer.anchor()).isEqualTo(Instant.parse("2026-03-10T14:03:07Z"));
    assertThat(pacer.simulatedNow()).isEqualTo(WALL);
    clock.advance(Duration.ofMinutes(5));
    assertThat(pacer.simulatedNow()).isEqualTo(WALL.plus(Duration.ofMinutes(5)));
  }

  @Test
  void fasterSpeedsRunAheadFromTheAnchor() {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-10T14:00:00Z"));
    Pacer pacer = new Pacer(clock, 60);
    clock.advance(Duration.ofSeconds(2));
    assertThat(pacer.simulatedNow()).isEqualTo(Instant.parse("2026-03-10T14:02:00Z"));
  }

  @Test
  void waitsTheWallTimeLeftUntilAnEventIsDue() {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-10T14:00:00Z"));
    Pacer pacer = new Pacer(clock, 60);
    assertThat(pacer.millisUntil(Instant.parse("2026-03-10T13:00:00Z"))).isZero();
    assertThat(pacer.millisUntil(Instant.parse("2026-03-10T14:00:00Z"))).isZero();
    assertThat(pacer.millisUntil(Instant.parse("2026-03-10T14:01:00Z"))).isEqualTo(1_000);
    clock.advance(Duration.ofMillis(500));
    assertThat(pacer.millisUntil(Instant.parse("2026-03-10T14:01:00Z"))).isEqualTo(500);
  }

  @Test
  void aSpeedMustBePositive() {
    assertThatThrownBy(() -> new Pacer(new MutableClock(WALL), 0))
        .hasMessageContaining("speed must be above 0");
  }
}
