package io.crmpulse.launcher;

import io.crmpulse.exporter.ExporterCommand;
import io.crmpulse.exporter.ExporterStartException;
import io.crmpulse.jobs.config.ConfigException;
import io.crmpulse.kafka.LoopbackPorts;
import io.crmpulse.simulator.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code crmpulse} command: one entry point for the demo, the live job, replay, the exporter,
 * the simulator and a standalone broker. {@code ./crmpulse} at the repository root runs it.
 */
@Command(
    name = "crmpulse",
    mixinStandardHelpOptions = true,
    versionProvider = CrmPulse.Version.class,
    description = "CRM Pulse: real-time sales activity metrics from CRM events (Kafka, Flink, Prometheus).",
    subcommands = {
      DemoCommand.class,
      JobCommand.class,
      KafkaCommand.class,
      ReplayCommand.class,
      ExporterCommand.class,
      SimulateCommand.class,
    })
public final class CrmPulse implements Runnable {
  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command: try 'crmpulse demo'");
  }

  /** The command line with every subcommand and the project's error reporting. */
  public static CommandLine commandLine() {
    return new CommandLine(new CrmPulse()).setExecutionExceptionHandler(new Errors());
  }

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    // Flink and Kafka leave non-daemon threads behind; the command is done, so is the JVM.
    System.exit(code);
  }

  /**
   * Problems a user can fix get one line naming what to change; anything else gets its stack
   * trace, since it is a bug to report.
   */
  static final class Errors implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
      Throwable userError = userError(e);
      String command = commandLine.getCommandSpec().qualifiedName();
      if (userError != null) {
        commandLine.getErr().println(command + ": " + userError.getMessage());
      } else {
        commandLine.getErr().println(command + ": failed: " + e);
        e.printStackTrace(commandLine.getErr());
      }
      return 1;
    }

    private static Throwable userError(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof UserException
            || t instanceof LoopbackPorts.PortInUseException
            || t instanceof ConfigException
            || t instanceof ExporterStartException) {
          return t;
        }
      }
      return null;
    }
  }

  /** The version recorded in the launcher jar's manifest at build time. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = CrmPulse.class.getPackage().getImplementationVersion();
      return new String[] {"crmpulse " + (version == null ? "(development build)" : version)};
    }
  }
}
