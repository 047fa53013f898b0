package io.crmpulse.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Port checks on 127.0.0.1, the only interface CRM Pulse ever binds in embedded mode.
 *
 * <p>Checking up front lets a command fail with a message that names the port and the option to
 * change it, before it has started anything that would then have to be torn down.
 */
public final class LoopbackPorts {
  /** The loopback address every embedded listener binds to. */
  public static final String HOST = "127.0.0.1";

  private LoopbackPorts() {}

  /** Returns whether a listener could bind {@code 127.0.0.1:port} right now. */
  public static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Fails with a {@link PortInUseException} unless {@code port} is free on 127.0.0.1.
   *
   * @param what a human name of the listener, such as {@code "Kafka"} or {@code "Metrics"}
   * @param option the command-line option that changes it, such as {@code "--kafka-port"}
   */
  public static void requireFree(int port, String what, String option) {
    if (port != 0 && !isFree(port)) {
      throw new PortInUseException(port, what, option);
    }
  }

  /**
   * Picks a port that is free at the moment of the call. Another process may take it before it is
   * used; callers that can retry on a bind failure should.
   */
  public static int pickFree() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port on " + HOST, e);
    }
  }

  /** A port that the user chose (or that a default names) is already taken by another process. */
  public static final class PortInUseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final int port;

    public PortInUseException(int port, String what, String option) {
      super(
          what
              + " port "
              + port
              + " on "
              + HOST
              + " is already in use; choose another with "
              + option
              + " (0 picks a free one)");
      this.port = port;
    }

    public int port() {
      return port;
    }
  }
}
