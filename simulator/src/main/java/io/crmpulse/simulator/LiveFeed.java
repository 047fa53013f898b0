package io.crmpulse.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;

/**
 * Sends a simulation to Kafka as it happens, on its own thread. Simulated time is anchored at the
 * wall instant the feed starts and runs {@code speed} times as fast; each event goes out when
 * simulated time reaches its delivery instant, so at speed 1 no event time lies in the future of
 * the wall clock. The simulation starts {@code history} plus {@code warmUp} before that instant and
 * all of that is sent at once, so the wall is not empty: first the backlog of older leads and
 * deals, then {@code history} of realistic days (rate 1, quiet weekends, as a file has them) for
 * the week, month and 7- and 30-day series, then the warm-up at the feed's rate (the reps' last
 * hour at the demo's pace), then the live part at that rate. One simulation runs through all of
 * it, so the parts join without a gap or an overlap.
 *
 * <p>{@link #close()} stops the thread, flushes and closes the sink.
 */
public final class LiveFeed implements AutoCloseable {
  private final EventSink sink;
  private final Pacer pacer;
  private final Simulation simulation;
  private final long maxEvents;
  private final Thread thread;
  private final Object wakeUp = new Object();
  private final AtomicLong sent = new AtomicLong();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean closing;
  private boolean closed;
  private volatile Throwable failure;

  /**
   * How to run a live feed.
   *
   * @param seed the simulation's seed
   * @param speed simulated seconds per wall second: 1 is real time, 60 an hour a minute
   * @param rate the simulation's activity multiplier (see {@link SimulationOptions#rate()})
   * @param reps how many reps
   * @param warmUp how much simulated time at {@code rate} before the start to send at once
   * @param history how much realistic simulated time before the warm-up to send at once (see
   *     {@link SimulationOptions#history()}); zero sends none
   * @param maxEvents stop after this many events; 0 runs until closed
   */
  public record Settings(
      long seed,
      double speed,
      double rate,
      int reps,
      Duration warmUp,
      Duration history,
      long maxEvents) {
    public static final Duration DEFAULT_WARM_UP = Duration.ofHours(1);

    /** Two weeks: every week series has a full last week, every 7-day window is full. */
    public static final Duration DEFAULT_HISTORY = Duration.ofDays(14);

    public static final Duration MAX_HISTORY = SimulationOptions.MAX_HISTORY;
    public static final double MAX_SPEED = 100_000;

    /** At speed 1, this rate gives several reps a logged call within the first minute. */
    public static final double DEMO_RATE_AT_SPEED_1 = 15;

    /** Off-hours busyness in live mode, so that every hour of the day shows some calls. */
    public static final double LIVE_OFF_HOURS_FACTOR = 0.25;

    public Settings {
      Objects.requireNonNull(warmUp, "warmUp");
      Objects.requireNonNull(history, "history");
      if (!(speed > 0) || speed > MAX_SPEED) {
        throw new IllegalArgumentException(
            "speed must be above 0 and at most " + (long) MAX_SPEED + ", got " + speed);
      }
      if (warmUp.isNegative() || warmUp.compareTo(Duration.ofDays(7)) > 0) {
        throw new IllegalArgumentException("warmUp must be between 0 and 7 days, got " + warmUp);
      }
      if (history.isNegative() || history.compareTo(MAX_HISTORY) > 0) {
        throw new IllegalArgumentException(
            "history must be between 0 and " + MAX_HISTORY.toDays() + " days, got " + history);
      }
      if (history.getNano() != 0) {
        throw new IllegalArgumentException(
            "history must be a whole number of seconds, got " + history);
      }
      if (maxEvents < 0) {
        throw new IllegalArgumentException("maxEvents must not be negative, got " + maxEvents);
      }
      // rate and reps are checked by SimulationOptions, with its messages.
      SimulationOptions.defaults(seed, Instant.parse("2026-01-01T00:00:00Z"))
          .withReps(reps)
          .withRate(rate);
    }

    /**
     * A lively demo at the given speed: {@link #demoRate(double)}, 12 reps, two weeks of history,
     * one hour warm-up.
     */
    public static Settings defaults(long seed, double speed) {
      return new Settings(
          seed,
          speed,
          demoRate(speed),
          SimulationOptions.DEFAULT_REPS,
          DEFAULT_WARM_UP,
          DEFAULT_HISTORY,
          0);
    }

    public Settings withHistory(Duration value) {
      return new Settings(seed, speed, rate, reps, warmUp, value, maxEvents);
    }

    /**
     * The activity rate that keeps a wall moving: at speed 1 a realistic rep logs a call every few
     * minutes, too slow to watch, so the rate rises as the speed falls; from speed 15 on it is the
     * realistic 1.
     */
    public static double demoRate(double speed) {
      return Math.max(1.0, DEMO_RATE_AT_SPEED_1 / speed);
    }

    /**
     * The simulation behind a feed whose live part starts at {@code liveStart}: from the warm-up
     * on, every day is a working day and reps work a little outside their hours, so a demo moves
     * at any hour; the history before it is realistic.
     */
    public SimulationOptions options(Instant liveStart) {
      return SimulationOptions.defaults(seed, liveStart.minus(warmUp))
          .withReps(reps)
          .withRate(rate)
          .withWeekendFactor(1.0)
          .withOffHoursFactor(LIVE_OFF_HOURS_FACTOR)
          .withHistory(history);
    }
  }

  private LiveFeed(EventSink sink, Settings settings, Clock clock) {
    this.sink = sink;
    this.pacer = new Pacer(clock, settings.speed());
    this.simulation = new Simulation(settings.options(pacer.anchor()));
    this.maxEvents = settings.maxEvents();
    this.thread = new Thread(this::run, "crmpulse-live-feed");
    this.thread.setDaemon(true);
  }

  /** Starts a feed to the Kafka cluster at {@code bootstrapServers}, on the system clock. */
  public static LiveFeed start(String bootstrapServers, Settings settings) {
    return start(KafkaEventSink.connect(bootstrapServers), settings, Clock.systemUTC());
  }

  /** Starts a feed through the given producer, which the feed closes when it is closed. */
  public static LiveFeed start(Producer<String, byte[]> producer, Settings settings) {
    return start(new KafkaEventSink(producer), settings, Clock.systemUTC());
  }

  /** Starts a feed into any sink, paced by {@code clock}. */
  public static LiveFeed start(EventSink sink, Settings settings, Clock clock) {
    LiveFeed feed = new LiveFeed(sink, settings, clock);
    feed.thread.start();
    return feed;
  }

  /** Events handed to the sink so far. */
  public long sent() {
    return sent.get();
  }

  /** The simulated instant the feed has reached. */
  public Instant simulatedNow() {
    return pacer.simulatedNow();
  }

  /** Why the feed stopped on its own, if it failed. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** Waits until the feed stops by itself (max events reached or a failure). */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void run() {
    try {
      Delivery next = null;
      while (!closing && (maxEvents == 0 || sent.get() < maxEvents)) {
        if (next == null) {
          next = simulation.nextDelivery();
        }
        long wait = pacer.millisUntil(next.at());
        if (wait > 0) {
          synchronized (wakeUp) {
            if (!closing) {
              wakeUp.wait(Math.min(wait, 1_000));
            }
          }
          continue;
        }
        sink.send(next.event());
        sent.incrementAndGet();
        next = null;
      }
      sink.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      failure = e;
    } finally {
      stopped.countDown();
    }
  }

  /** Stops sending, waits for the thread, flushes what was sent and closes the sink. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closing = true;
    synchronized (wakeUp) {
      wakeUp.notifyAll();
    }
    try {
      if (!stopped.await(30, TimeUnit.SECONDS)) {
        thread.interrupt();
        stopped.await(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        sink.flush();
      } finally {
        sink.close();
      }
    }
  }
}
