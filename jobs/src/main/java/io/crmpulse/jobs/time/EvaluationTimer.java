package io.crmpulse.jobs.time;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * The one processing-time timer a key keeps for its next live evaluation, held at the earliest
 * instant anything asks for: however many instants a key's state changes at, it never has more
 * than one such timer armed, and a timer that was moved earlier is deleted, not left to fire.
 */
public final class EvaluationTimer {
  private final ValueState<Long> armed;

  public EvaluationTimer(RuntimeContext context) {
    armed = context.getState(new ValueStateDescriptor<>("evaluate-at", Types.LONG));
  }

  /** Arms the timer at {@code at}, unless it is armed earlier; {@link Long#MAX_VALUE} asks for none. */
  public void noLaterThan(TimerService timers, long at) throws Exception {
    if (at == Long.MAX_VALUE) {
      return;
    }
    Long held = armed.value();
    if (held == null || at < held) {
      if (held != null) {
        timers.deleteProcessingTimeTimer(held);
      }
      armed.update(at);
      timers.registerProcessingTimeTimer(at);
    }
  }

  /**
   * Arms the timer at exactly {@code at}: one armed elsewhere is moved, and {@link Long#MAX_VALUE}
   * deletes it, so a key whose next change went away keeps no timer.
   */
  public void exactlyAt(TimerService timers, long at) throws Exception {
    Long held = armed.value();
    if (held != null && held == at) {
      return;
    }
    cancel(timers);
    if (at != Long.MAX_VALUE) {
      armed.update(at);
      timers.registerProcessingTimeTimer(at);
    }
  }

  /** Whether a processing-time timer firing at {@code timestamp} is this one; if so it is spent. */
  public boolean fired(long timestamp) throws Exception {
    Long held = armed.value();
    if (held == null || held != timestamp) {
      return false;
    }
    armed.clear();
    return true;
  }

  /** Deletes the armed timer, if any, with its state. */
  public void cancel(TimerService timers) throws Exception {
    Long held = armed.value();
    if (held != null) {
      timers.deleteProcessingTimeTimer(held);
      armed.clear();
    }
  }
}
