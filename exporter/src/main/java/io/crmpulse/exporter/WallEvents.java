package io.crmpulse.exporter;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /wall/events}: a server-sent event stream that sends the wall's JSON at once and then
 * every {@link #TICK}, so the page follows the numbers (and its data age keeps counting) without
 * reloading.
 *
 * <p>A stream lasts as long as the screen shows the page, so it runs on a thread of its own, handed
 * over from the server's small pool, which stays free for Prometheus; at most {@link #MAX_STREAMS}
 * run at once, and further screens get 503 and retry (EventSource does).
 */
final class WallEvents implements AutoCloseable {
  static final Duration TICK = Duration.ofSeconds(1);
  static final int MAX_STREAMS = 8;

  /** How long a browser waits before reconnecting after the stream ends. */
  static final Duration RETRY = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(WallEvents.class);

  private final Wall wall;
  private final Semaphore streams = new Semaphore(MAX_STREAMS);
  private final ExecutorService threads =
      Executors.newCachedThreadPool(new MetricsServer.HttpThreads("wall-events"));
  private volatile boolean closed;

  WallEvents(Wall wall) {
    this.wall = wall;
  }

  void handle(HttpExchange exchange) throws IOException {
    if (!MetricsServer.accepts(exchange, "/wall/events", "GET")) {
      exchange.close();
      return;
    }
    if (closed || !streams.tryAcquire()) {
      exchange.getResponseHeaders().set("Retry-After", "5");
      MetricsServer.sendText(exchange, 503, "too many wall screens; at most " + MAX_STREAMS + "\n");
      exchange.close();
      return;
    }
    try {
      threads.execute(() -> stream(exchange));
    } catch (RejectedExecutionException shuttingDown) {
      streams.release();
      exchange.close();
    }
  }

  private void stream(HttpExchange exchange) {
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      write(out, "retry: " + RETRY.toMillis() + "\n\n");
      while (!closed) {
        // The JSON is one line, so it is one data field; the default event type is "message".
        write(out, "data: " + wall.json() + "\n\n");
        Thread.sleep(TICK.toMillis());
      }
    } catch (IOException e) {
      LOG.debug("wall screen went away: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("wall event stream failed; the screen will reconnect", e);
    } finally {
      streams.release();
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Ends every stream (their screens reconnect to whatever serves next). */
  @Override
  public void close() {
    closed = true;
    threads.shutdownNow();
  }
}
