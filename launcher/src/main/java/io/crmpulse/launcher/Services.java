package io.crmpulse.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The things a command started, stopped in reverse order exactly once: when the command's time is
 * up, when it is asked to stop, or when the JVM is told to exit (Ctrl-C, SIGTERM).
 *
 * <p>Reverse order matters: the simulator stops producing before the job stops consuming, and the
 * broker goes last so nobody spends its shutdown retrying a vanished Kafka.
 */
public final class Services implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Services.class);

  private final Deque<Named> started = new ArrayDeque<>();
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final PrintStream console;
  private Thread hook;
  private boolean closing;

  /** @param console where "stopping X" lines go, so a user sees why the shutdown takes a moment */
  public Services(PrintStream console) {
    this.console = console;
  }

  /** Remembers {@code service} so that {@link #close()} stops it; returns it for chaining. */
  public <T extends AutoCloseable> T add(String name, T service) {
    push(new Named("Stopping " + name + "...", service));
    return service;
  }

  /** Runs {@code cleanup} on {@link #close()}, in order with the services, announced as {@code message}. */
  public void addCleanup(String message, AutoCloseable cleanup) {
    push(new Named(message, cleanup));
  }

  private synchronized void push(Named service) {
    if (closing) {
      // Started while shutting down (a Ctrl-C during start-up): stop it right away.
      closeQuietly(service);
    } else {
      started.push(service);
    }
  }

  /** Registers a JVM shutdown hook that stops everything, so Ctrl-C leaves nothing behind. */
  public synchronized Services closeOnJvmExit() {
    if (hook == null) {
      hook =
          new Thread(
              () -> {
                stopRequested.countDown();
                close();
              },
              "crmpulse-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
    }
    return this;
  }

  /** Makes {@link #awaitStopRequest(Duration)} return, for tests and in-process callers. */
  public void requestStop() {
    stopRequested.countDown();
  }

  /**
   * Blocks until {@link #requestStop()}, a JVM shutdown, or {@code duration} has passed (null:
   * no limit).
   */
  public void awaitStopRequest(Duration duration) throws InterruptedException {
    if (duration == null) {
      stopRequested.await();
    } else {
      stopRequested.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Stops every service, last started first. Safe to call from several threads and repeatedly. */
  @Override
  public void close() {
    Deque<Named> toStop;
    synchronized (this) {
      if (closing) {
        toStop = null;
      } else {
        closing = true;
        toStop = new ArrayDeque<>(started);
        started.clear();
      }
    }
    if (toStop == null) {
      // Another thread is stopping; wait so that the JVM does not exit half-way through it.
      awaitStopped();
      return;
    }
    try {
      for (Named service : toStop) {
        closeQuietly(service);
      }
    } finally {
      stopped.countDown();
      removeHook();
    }
  }

  private void awaitStopped() {
    try {
      stopped.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeQuietly(Named service) {
    console.println(service.message);
    try {
      service.service.close();
    } catch (Exception e) {
      LOG.warn("{} failed: {}", service.message, e.toString(), e);
    }
  }

  private synchronized void removeHook() {
    if (hook != null && Thread.currentThread() != hook) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down; the hook will find nothing left to do.
      }
    }
    hook = null;
  }

  private record Named(String message, AutoCloseable service) {}
}
