package io.crmpulse.launcher;

import io.crmpulse.jobs.CrmPulseJob;
import io.crmpulse.jobs.config.JobConfig;
import io.crmpulse.jobs.config.LocalCluster;
import io.crmpulse.kafka.LoopbackPorts;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.prometheus.LoopbackPrometheusReporterFactory;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live CRM Pulse job running in a local Flink MiniCluster inside this JVM, with its web UI.
 * Every Flink listener binds 127.0.0.1 (a plain MiniCluster would bind REST and the blob server
 * on all interfaces).
 *
 * <p>The MiniCluster belongs to the job: cancelling the job on {@link #close()} also shuts the
 * cluster down.
 */
public final class LocalFlinkJob implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalFlinkJob.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  /** Name of the Prometheus reporter in the Flink configuration ({@code metrics.reporter.prom.*}). */
  static final String REPORTER = "prom";

  private final JobClient client;
  private final int uiPort;
  private final int metricsPort;

  private LocalFlinkJob(JobClient client, int uiPort, int metricsPort) {
    this.client = client;
    this.uiPort = uiPort;
    this.metricsPort = metricsPort;
  }

  /**
   * The Flink configuration of the local cluster: the job's own settings (checkpoints, state
   * backend, restarts, parallelism) plus loopback-only listeners, the web UI port and, when {@code
   * metricsPort} is above 0, Flink's Prometheus reporter on that port.
   */
  public static Configuration clusterConfiguration(JobConfig config, int uiPort, int metricsPort) {
    Configuration flink = LocalCluster.loopback(config.flinkConfiguration(), uiPort);
    if (metricsPort > 0) {
      flink.set(reporterOption("factory.class"), LoopbackPrometheusReporterFactory.class.getName());
      flink.set(
          reporterOption(LoopbackPrometheusReporterFactory.ARG_PORT), String.valueOf(metricsPort));
    }
    return flink;
  }

  private static ConfigOption<String> reporterOption(String key) {
    return ConfigOptions.key("metrics.reporter." + REPORTER + "." + key).stringType().noDefaultValue();
  }

  /**
   * Starts a MiniCluster with the web UI on {@code uiPort} (must be a concrete port, so that the
   * URL can be printed) and Flink's Prometheus reporter on {@code metricsPort} (a concrete port,
   * or 0 for none), and submits the live job to it. Returns once the job is submitted.
   */
  public static LocalFlinkJob start(JobConfig config, int uiPort, int metricsPort) throws Exception {
    if (uiPort <= 0) {
      throw new IllegalArgumentException("Flink UI port must be a concrete port, was " + uiPort);
    }
    if (metricsPort < 0) {
      throw new IllegalArgumentException("Flink metrics port must be 0 or a port, was " + metricsPort);
    }
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(
            clusterConfiguration(config, uiPort, metricsPort));
    JobClient client = CrmPulseJob.startLive(env, config);
    LOG.info("Flink job {} submitted; web UI on port {}", client.getJobID(), uiPort);
    return new LocalFlinkJob(client, uiPort, metricsPort);
  }

  /** The Flink web UI, e.g. {@code http://127.0.0.1:8081}. */
  public String webUiUrl() {
    return "http://" + LoopbackPorts.HOST + ":" + uiPort;
  }

  /** Port of Flink's Prometheus reporter, 0 when it has none. */
  public int metricsPort() {
    return metricsPort;
  }

  /** Flink's operational metrics in Prometheus format, e.g. {@code http://127.0.0.1:9249/metrics}. */
  public String metricsUrl() {
    return "http://" + LoopbackPorts.HOST + ":" + metricsPort + "/metrics";
  }

  /** The running job, for status and cancellation. */
  public JobClient client() {
    return client;
  }

  /** The job's current status. */
  public JobStatus status() throws Exception {
    return client.getJobStatus().get(10, TimeUnit.SECONDS);
  }

  /** Cancels the job and waits until it, and with it the MiniCluster, has stopped. */
  @Override
  public void close() {
    try {
      if (!status().isGloballyTerminalState()) {
        client.cancel().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      LOG.debug("Cancelling the job failed; it may have ended already", e);
    }
    try {
      client.getJobExecutionResult().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      // Expected: a cancelled job completes its result exceptionally.
    } catch (TimeoutException e) {
      LOG.warn("Flink job did not stop within {}", STOP_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // A MiniCluster that already shut down may refuse the request; nothing left to stop.
      LOG.debug("Waiting for the job result failed", e);
    }
  }
}
