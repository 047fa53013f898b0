package io.crmpulse.exporter;

/** A record of the snapshot topic the exporter cannot serve; the message says why. */
public final class RejectedSnapshotException extends Exception {
  private static final long serialVersionUID = 1L;

  public RejectedSnapshotException(String reason, Throwable cause) {
    super(reason, cause);
  }

  public RejectedSnapshotException(String reason) {
    super(reason);
  }
}
