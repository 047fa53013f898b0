package io.crmpulse.exporter;

/** The exporter cannot start; the message names the cause and the fix, fit for one stderr line. */
public final class ExporterStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ExporterStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
