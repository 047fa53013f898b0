package io.crmpulse.jobs.config;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * Settings for a Flink MiniCluster in this JVM that listens on 127.0.0.1 only: a plain MiniCluster
 * binds REST and the blob server on all interfaces.
 */
public final class LocalCluster {
  public static final String HOST = "127.0.0.1";

  private LocalCluster() {}

  /** {@code base} plus loopback-only listeners, REST (web UI) on {@code restPort}, 0 for any. */
  public static Configuration loopback(Configuration base, int restPort) {
    Configuration flink = new Configuration(base);
    flink.set(RestOptions.BIND_ADDRESS, HOST);
    flink.set(RestOptions.ADDRESS, HOST);
    flink.set(RestOptions.PORT, restPort);
    flink.set(JobManagerOptions.BIND_HOST, HOST);
    flink.set(TaskManagerOptions.BIND_HOST, HOST);
    flink.set(TaskManagerOptions.HOST, HOST);
    return flink;
  }
}
