package io.crmpulse.launcher;

/**
 * A problem the user can fix (a taken port, an unreachable broker, a bad option): reported as one
 * line without a stack trace.
 */
public final class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserException(String message) {
    super(message);
  }

  public UserException(String message, Throwable cause) {
    super(message, cause);
  }
}
