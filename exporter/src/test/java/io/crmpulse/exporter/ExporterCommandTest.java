package io.crmpulse.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExporterCommandTest {
  private final StringWriter err = new StringWriter();
  private final StringWriter out = new StringWriter();

  @Test
  void aTakenPortExitsNonZeroWithAOneLineReason() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      int port = taken.getLocalPort();

      int exit = commandLine(new ExporterCommand()).execute("--port", String.valueOf(port));

      assertThat(exit).isEqualTo(1);
      assertThat(err.toString())
          .isEqualTo(
              "exporter: port "
                  + port
                  + " on 127.0.0.1 is already in use; choose another with --port"
                  + System.lineSeparator());
    }
  }

  @Test
  void helpListsTheOptions() {
    int exit = commandLine(new ExporterCommand()).execute("--help");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("--bootstrap-servers", "--topic", "--host", "--port", "crmpulse.metrics", "9464");
  }

  @Test
  void servesUntilInterruptedThenStopsCleanly() throws Exception {
    ExporterCommand command = new ExporterCommand();
    AtomicInteger exit = new AtomicInteger(-1);
    // No broker listens there: the exporter must serve its own series and stop cleanly anyway.
    int noBroker = freePort();
    Thread runner =
        new Thread(
            () ->
                exit.set(
                    commandLine(command)
                        .execute("--port", "0", "--bootstrap-servers", "127.0.0.1:" + noBroker)),
            "test-exporter-command");
    runner.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> command.running() != null);

    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + command.running().port() + "/healthz"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(health.body()).isEqualTo("ok");

    long stopStart = System.nanoTime();
    runner.interrupt();
    runner.join(15_000);
    assertThat(Duration.ofNanos(System.nanoTime() - stopStart)).isLessThan(Duration.ofSeconds(5));

    assertThat(runner.isAlive()).isFalse();
    assertThat(exit.get()).isZero();
    assertThat(err.toString()).contains("exporter: serving http://127.0.0.1:");
  }

  @Test
  void aPortOutOfRangeIsAUsageError() {
    int exit = commandLine(new ExporterCommand()).execute("--port", "70000");

    assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("--port 70000 is outside 0..65535");
  }

  private CommandLine commandLine(ExporterCommand command) {
    return new CommandLine(command)
        .setErr(new PrintWriter(err, true))
        .setOut(new PrintWriter(out, true))
        .setUsageHelpWidth(160);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      return socket.getLocalPort();
    }
  }
}
