package io.crmpulse.contract;

/** An input record that breaks the event contract; the message is the reason a person reads. */
public final class InvalidEventException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidEventException(String reason) {
    super(reason);
  }
}
