package io.crmpulse.exporter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint Prometheus scrapes: {@code GET /metrics} (text format 0.0.4) and {@code GET
 * /healthz} ("ok" while the process serves); with a {@link Wall}, also the built-in wall: {@code
 * /wall} (the page), {@code /wall/data} (its figures as JSON) and {@code /wall/events} (the same
 * figures every second as server-sent events). Bind it to loopback unless a scraper on another host
 * needs it.
 */
public final class MetricsServer implements AutoCloseable {
  /** Content type of Prometheus text exposition format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9464;

  private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

  private static final String NOT_FOUND = "not found; try /metrics or /wall\n";

  private final HttpServer server;
  private final ExecutorService executor;
  private final WallEvents wallEvents;

  private MetricsServer(HttpServer server, ExecutorService executor, WallEvents wallEvents) {
    this.server = server;
    this.executor = executor;
    this.wallEvents = wallEvents;
  }

  /** Serves {@code /metrics} and {@code /healthz} only, without the wall. */
  public static MetricsServer start(String host, int port, Supplier<String> metrics) {
    return start(host, port, metrics, null);
  }

  /**
   * Binds {@code host:port} (port 0: any free port) and starts serving.
   *
   * @param metrics produces the {@code /metrics} body at each request
   * @param wall the wall to serve under {@code /wall}, or null for none
   * @throws ExporterStartException if the port is taken or the host cannot be bound
   */
  public static MetricsServer start(String host, int port, Supplier<String> metrics, Wall wall) {
    Objects.requireNonNull(metrics, "metrics");
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new ExporterStartException(
          "cannot resolve host " + host + "; choose another with --host", null);
    }
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (BindException e) {
      throw new ExporterStartException(
          "port " + port + " on " + host + " is already in use; choose another with --port", e);
    } catch (IOException e) {
      throw new ExporterStartException(
          "cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    server.createContext(
        "/metrics", exchange -> respond(exchange, "/metrics", metrics, CONTENT_TYPE, Map.of()));
    server.createContext(
        "/healthz",
        exchange ->
            respond(exchange, "/healthz", () -> "ok", "text/plain; charset=utf-8", Map.of()));
    WallEvents wallEvents = null;
    if (wall != null) {
      server.createContext(
          "/wall",
          exchange ->
              respondBytes(
                  exchange,
                  "/wall",
                  wall::page,
                  "text/html; charset=utf-8",
                  Map.of(
                      "Content-Security-Policy", wall.contentSecurityPolicy(),
                      "Cache-Control", "no-store",
                      "Referrer-Policy", "no-referrer")));
      server.createContext(
          "/wall/data",
          exchange ->
              respond(
                  exchange,
                  "/wall/data",
                  wall::json,
                  "application/json; charset=utf-8",
                  Map.of("Cache-Control", "no-store")));
      WallEvents events = new WallEvents(wall);
      server.createContext("/wall/events", events::handle);
      wallEvents = events;
    }
    server.createContext("/", exchange -> sendText(exchange, 404, NOT_FOUND));
    ExecutorService executor = Executors.newFixedThreadPool(2, new HttpThreads("http"));
    server.setExecutor(executor);
    server.start();
    return new MetricsServer(server, executor, wallEvents);
  }

  /** The port actually bound (useful after asking for port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The address actually bound. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    if (wallEvents != null) {
      wallEvents.close();
    }
    server.stop(0);
    executor.shutdownNow();
  }

  private static void respond(
      HttpExchange exchange,
      String path,
      Supplier<String> body,
      String contentType,
      Map<String, String> headers)
      throws IOException {
    respondBytes(
        exchange, path, () -> body.get().getBytes(StandardCharsets.UTF_8), contentType, headers);
  }

  private static void respondBytes(
      HttpExchange exchange,
      String path,
      Supplier<byte[]> body,
      String contentType,
      Map<String, String> headers)
      throws IOException {
    try (exchange) {
      if (!accepts(exchange, path, "GET, HEAD")) {
        return;
      }
      String method = exchange.getRequestMethod();
      byte[] bytes;
      try {
        bytes = body.get();
      } catch (RuntimeException e) {
        LOG.error("rendering {} failed", path, e);
        sendText(exchange, 500, "rendering " + path + " failed: " + e + "\n");
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      headers.forEach(exchange.getResponseHeaders()::set);
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /**
   * Whether the request is for exactly {@code path} with one of the {@code allowed} methods;
   * otherwise answers 404 or 405 itself. Contexts match by prefix; only the exact path is ours.
   */
  static boolean accepts(HttpExchange exchange, String path, String allowed) throws IOException {
    if (!exchange.getRequestURI().getPath().equals(path)) {
      sendText(exchange, 404, NOT_FOUND);
      return false;
    }
    if (!Arrays.asList(allowed.split(", ")).contains(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", allowed);
      sendText(exchange, 405, "method not allowed\n");
      return false;
    }
    return true;
  }

  static void sendText(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Daemon threads, so a forgotten server never keeps the JVM alive. */
  static final class HttpThreads implements java.util.concurrent.ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();
    private final String role;

    HttpThreads(String role) {
      this.role = role;
    }

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "crmpulse-exporter-" + role + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
