package io.crmpulse.exporter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint Prometheus scrapes: {@code GET /metrics} (text format 0.0.4) and {@code GET
 * /healthz} ("ok" while the process serves). Bind it to loopback unless a scraper on another host
 * needs it.
 */
public final class MetricsServer implements AutoCloseable {
  /** Content type of Prometheus text exposition format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9464;

  private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Binds {@code host:port} (port 0: any free port) and starts serving.
   *
   * @param metrics produces the {@code /metrics} body at each request
   * @throws ExporterStartException if the port is taken or the host cannot be bound
   */
  public static MetricsServer start(String host, int port, Supplier<String> metrics) {
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
        "/metrics", exchange -> respond(exchange, "/metrics", metrics, CONTENT_TYPE));
    server.createContext(
        "/healthz",
        exchange -> respond(exchange, "/healthz", () -> "ok", "text/plain; charset=utf-8"));
    server.createContext("/", exchange -> sendText(exchange, 404, "not found; try /metrics\n"));
    ExecutorService executor = Executors.newFixedThreadPool(2, new HttpThreads());
    server.setExecutor(executor);
    server.start();
    return new MetricsServer(server, executor);
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
    server.stop(0);
    executor.shutdownNow();
  }

  private static void respond(
      HttpExchange exchange, String path, Supplier<String> body, String contentType)
      throws IOException {
    try (exchange) {
      // Contexts match by prefix; only the exact path is ours.
      if (!exchange.getRequestURI().getPath().equals(path)) {
        sendText(exchange, 404, "not found; try /metrics\n");
        return;
      }
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        sendText(exchange, 405, "method not allowed\n");
        return;
      }
      byte[] bytes;
      try {
        bytes = body.get().getBytes(StandardCharsets.UTF_8);
      } catch (RuntimeException e) {
        LOG.error("rendering {} failed", path, e);
        sendText(exchange, 500, "rendering " + path + " failed: " + e + "\n");
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", contentType);
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

  private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Daemon threads, so a forgotten server never keeps the JVM alive. */
  private static final class HttpThreads implements java.util.concurrent.ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "crmpulse-exporter-http-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
