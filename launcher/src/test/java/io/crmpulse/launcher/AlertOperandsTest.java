package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How {@link DashboardQueriesIT} takes an alert expression apart into operands that must return data. */
class AlertOperandsTest {
  @Test
  void splitsAtSetOperatorsOutsideBracketsAndQuotesAndDropsThresholds() {
    assertThat(DashboardQueriesIT.alertOperands(
            "team:a:sum / team:b:sum > 0.3\nand on (team) team:b:sum >= 10"))
        .containsExactly("team:a:sum / team:b:sum", "team:b:sum");
    assertThat(DashboardQueriesIT.alertOperands(
            "up{job=~\"crmpulse|flink\"} == 0 or absent(up{job=\"crmpulse\"})"))
        .containsExactly("up{job=~\"crmpulse|flink\"}", "up{job=\"crmpulse\"}");
  }

  @Test
  void recursesIntoBracketsAndDropsOffsetsAndModifiers() {
    assertThat(DashboardQueriesIT.alertOperands(
            "max(x_seconds) > 900 unless on () (sum(rate(y[15m])) == 0 and on () max(z) <= 0)"))
        .containsExactly("max(x_seconds)", "sum(rate(y[15m]))", "max(z)");
    assertThat(DashboardQueriesIT.alertOperands(
            "t:calls:sum offset 1w >= 20 unless on (team) t:calls:sum > 0 and on () max(c) == 1"))
        .containsExactly("t:calls:sum", "t:calls:sum", "max(c)");
    assertThat(DashboardQueriesIT.alertOperands("max by (job_name) (d) / 1000 > 60"))
        .containsExactly("max by (job_name) (d) / 1000");
  }
}
