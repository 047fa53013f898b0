package io.crmpulse.jobs.time;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.util.TimeUtils;

/**
 * How far ahead an event_time may lie before it is an impossible value: live, more than
 * {@code events.max-future} ahead of the wall clock (a CRM clock set to next year must neither
 * count nor drag event time along). Replay reads a finite file, so its reader rejects such lines
 * against the rest of the file before the job sees them, and the job applies no horizon.
 */
public abstract class EventTimeHorizon implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Nothing is too far ahead. */
  public static EventTimeHorizon none() {
    return new EventTimeHorizon() {
      private static final long serialVersionUID = 1L;

      @Override
      public String tooFarAhead(long eventTime) {
        return null;
      }
    };
  }

  /** At most {@code maxFuture} ahead of this machine's clock. */
  public static EventTimeHorizon wallClock(Duration maxFuture) {
    long maxFutureMillis = maxFuture.toMillis();
    return new EventTimeHorizon() {
      private static final long serialVersionUID = 1L;

      @Override
      public String tooFarAhead(long eventTime) {
        long now = System.currentTimeMillis();
        return eventTime - now > maxFutureMillis
            ? "event_time " + Instant.ofEpochMilli(eventTime) + " is more than "
                + TimeUtils.formatWithHighestUnit(maxFuture)
                + " ahead of the clock (" + Instant.ofEpochMilli(now) + ")"
            : null;
      }
    };
  }

  /** Why {@code eventTime} lies too far ahead, or null when it does not. */
  public abstract String tooFarAhead(long eventTime);
}
