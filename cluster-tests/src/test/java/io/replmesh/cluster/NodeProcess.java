package io.replmesh.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One replmesh node in its own JVM, started from the node's fat jar, with its log in a file. */
final class NodeProcess implements AutoCloseable {
  final String name;
  final String host;
  final int httpPort;
  final int clusterPort;
  private final Process process;
  final Path log;

  private NodeProcess(String name, String host, int httpPort, int clusterPort, Process process, Path log) {
    this.name = name;
    this.host = host;
    this.httpPort = httpPort;
    this.clusterPort = clusterPort;
    this.process = process;
    this.log = log;
  }

  /**
   * @param launcher a command prefix that places the JVM (e.g. {@code ip netns exec NS}), or empty
   * @param host     the address the node binds and announces, for HTTP and the cluster
   */
  static NodeProcess start(String clusterName, String name, List<String> launcher, String host, int httpPort,
                           int clusterPort, String members) throws IOException {
    Path jar = Path.of(System.getProperty("replmesh.node.jar", "../node/target/replmesh-node.jar"));
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: build it first (mvn -B verify builds it before these tests)");
    }
    Path logs = Path.of(System.getProperty("replmesh.logs", "target/node-logs"));
    Files.createDirectories(logs);
    Path log = logs.resolve(clusterName + "-" + name + ".log");
    List<String> command = new ArrayList<>(launcher);
    command.addAll(List.of(javaBin(), "-Xmx384m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("REPLMESH_CLUSTER", "true");
    env.put("REPLMESH_CLUSTER_NAME", clusterName);
    env.put("REPLMESH_NODE_NAME", name);
    env.put("REPLMESH_HTTP_HOST", host);
    env.put("REPLMESH_HTTP_PORT", Integer.toString(httpPort));
    env.put("REPLMESH_CLUSTER_HOST", host);
    env.put("REPLMESH_CLUSTER_PORT", Integer.toString(clusterPort));
    env.put("REPLMESH_CLUSTER_MEMBERS", members);
    env.put("REPLMESH_SANDBOX", System.getenv().getOrDefault("REPLMESH_TEST_SANDBOX", "auto"));
    env.put("REPLMESH_WORKSPACE_ROOT", Files.createTempDirectory("replmesh-" + name).toString());
    return new NodeProcess(name, host, httpPort, clusterPort, builder.start(), log);
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** kill -9: the node gets no chance to hand anything over. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, as Kubernetes sends it: the node drains and exits by itself. */
  void sigterm() {
    process.destroy();
  }

  void signal(String signal) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start().waitFor();
  }

  boolean awaitExit(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      signal("CONT");
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + pid() + ", http " + host + ":" + httpPort + ", log " + log.toAbsolutePath() + ")";
  }
}
