package io.crmpulse.exporter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.Objects;

/**
 * The built-in sales-floor wall: one self-contained HTML page (inline CSS and JS, nothing fetched
 * from elsewhere) and the {@link WallData} it shows, taken from the same store and clock as {@code
 * /metrics}. {@link MetricsServer} serves it on {@code /wall}, {@code /wall/data} (JSON) and {@code
 * /wall/events} (server-sent events).
 */
public final class Wall {
  private static final String PAGE_RESOURCE = "wall.html";

  // Non-ASCII escaped too, so that the JSON is plain ASCII whatever a CRM puts in a label.
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private final SeriesStore store;
  private final OperationalMetrics operational;
  private final Clock clock;
  private final byte[] page;
  private final String contentSecurityPolicy;

  public Wall(SeriesStore store, OperationalMetrics operational, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.operational = Objects.requireNonNull(operational, "operational");
    this.clock = Objects.requireNonNull(clock, "clock");
    String html = loadPage();
    this.page = html.getBytes(StandardCharsets.UTF_8);
    this.contentSecurityPolicy = contentSecurityPolicy(html);
  }

  /** The wall's figures at the clock's now. */
  public WallData data() {
    return WallData.of(
        store.current(clock.instant()),
        clock.instant(),
        store.newestEventTime(),
        operational.caughtUp());
  }

  /** {@link #data()} as one line of JSON (no line breaks, so it fits one SSE data field). */
  public String json() {
    return toJson(data());
  }

  static String toJson(WallData data) {
    try {
      return JSON.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the wall's data as JSON", e);
    }
  }

  /** The page's bytes (UTF-8 HTML). */
  byte[] page() {
    return page.clone();
  }

  /**
   * A policy that lets the page run its own inline style and script (by hash) and talk to this
   * server only: even a label value that slipped into markup could not load or run anything.
   */
  String contentSecurityPolicy() {
    return contentSecurityPolicy;
  }

  private static String loadPage() {
    try (InputStream in = Wall.class.getResourceAsStream(PAGE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + PAGE_RESOURCE + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String contentSecurityPolicy(String html) {
    return "default-src 'none'; style-src '"
        + sha256(between(html, "<style>", "</style>"))
        + "'; script-src '"
        + sha256(between(html, "<script>", "</script>"))
        + "'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  }

  private static String between(String html, String open, String close) {
    int start = html.indexOf(open);
    int end = html.indexOf(close, start);
    if (start < 0 || end < 0 || html.indexOf(open, start + 1) >= 0) {
      throw new IllegalStateException(PAGE_RESOURCE + " must have exactly one " + open + " block");
    }
    return html.substring(start + open.length(), end);
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
