package io.replmesh.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One replmesh node in its own JVM, started from node/target/replmesh-node.jar as an
 * operator would run it (clustered, on loopback only), with its log in a file. Closing it
 * kills the JVM and every process under it, removes its cgroups, docker containers and
 * workspaces: nothing it started outlives the benchmark.
 */
final class NodeLauncher implements AutoCloseable {
  /** Sandbox uids far from the default range (200000+) that tests of other modules use. */
  private static final int UID_BASE = 400_000;
  private static final int UIDS_PER_NODE = 10_000;

  final String name;
  final int httpPort;
  final String sandbox;
  final Path log;
  private final Process process;
  private final Path workspaces;
  private final Path jfrFile;
  /** The REPLs of a crashed node, which are no longer its descendants once it is gone. */
  private final List<ProcessHandle> orphans = new ArrayList<>();

  private NodeLauncher(String name, int httpPort, String sandbox, Path log, Process process, Path workspaces,
                       Path jfrFile) {
    this.name = name;
    this.httpPort = httpPort;
    this.sandbox = sandbox;
    this.log = log;
    this.process = process;
    this.workspaces = workspaces;
    this.jfrFile = jfrFile;
  }

  /**
   * @param index        the node's number in its cluster, which picks its sandbox uid range
   * @param clusterPort  its Hazelcast port
   * @param members      host:port of every member, comma-separated
   */
  static NodeLauncher start(Settings settings, String cluster, String name, int index, int clusterPort,
                            String members, String sandbox) throws IOException {
    Path jar = settings.nodeJar();
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: build it first (mvn -B -q install -DskipTests)");
    }
    Path work = settings.work();
    Path logs = Files.createDirectories(work.resolve("node-logs"));
    Path log = logs.resolve(name + ".log");
    Path conf = Files.createDirectories(work.resolve("conf")).resolve(name + ".json");
    Files.writeString(conf, conf(index).encodePrettily());
    Path workspaces = Files.createTempDirectory("replmesh-bench-" + name);
    Path jfrFile = settings.jfr() ? Files.createDirectories(work.resolve("jfr")).resolve(name + ".jfr") : null;

    List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx4g",
        "-Dpty4j.tmpdir=" + Files.createDirectories(work.resolve("pty4j"))));
    if (jfrFile != null) {
      command.add("-XX:StartFlightRecording=name=bench,settings=profile");
    }
    command.addAll(settings.nodeJvmOptions());
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("REPLMESH_CLUSTER", "true");
    env.put("REPLMESH_CLUSTER_NAME", cluster);
    env.put("REPLMESH_CLUSTER_HOST", "127.0.0.1");
    env.put("REPLMESH_CLUSTER_PORT", Integer.toString(clusterPort));
    env.put("REPLMESH_CLUSTER_MEMBERS", members);
    env.put("REPLMESH_NODE_NAME", name);
    env.put("REPLMESH_HTTP_HOST", "127.0.0.1");
    int httpPort = freePort();
    env.put("REPLMESH_HTTP_PORT", Integer.toString(httpPort));
    env.put("REPLMESH_SANDBOX", sandbox);
    env.put("REPLMESH_WORKSPACE_ROOT", workspaces.toString());
    env.put("REPLMESH_CONF", conf.toString());
    NodeLauncher node = new NodeLauncher(name, httpPort, sandbox, log, builder.start(), workspaces, jfrFile);
    Cleanup.register(node);
    return node;
  }

  /**
   * The node's REPLMESH_CONF: its own sandbox uid range, and admission limits above what the
   * benchmarks create, so that they measure the machine and not the per-node session cap
   * ({@code maxSessionsPerNode}) or the per-address creation rate limit (every benchmark
   * client is 127.0.0.1, like every user behind one ingress).
   */
  private static JsonObject conf(int index) {
    return new JsonObject()
        .put("sandbox", new JsonObject().put("uidRange",
            new JsonObject().put("first", UID_BASE + index * UIDS_PER_NODE).put("count", UIDS_PER_NODE)))
        .put("admission", new JsonObject().put("maxSessionsPerNode", 5000).put("createsPerClientPerMinute", 1_000_000));
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The last lines of the node's log, for a failure message. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** kill -9 of the JVM alone, as a crash: its REPLs are left to die with it, as they would. */
  void crash() throws InterruptedException {
    orphans.addAll(process.descendants().toList());
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    Cleanup.unregister(this);
    if (jfrFile != null && process.isAlive()) {
      Exec.run(10, "jcmd", Long.toString(pid()), "JFR.dump", "name=bench", "filename=" + jfrFile);
    }
    orphans.addAll(process.descendants().toList());
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
    orphans.forEach(ProcessHandle::destroyForcibly);
    if ("bwrap".equals(sandbox)) {
      CgroupSweep.sweep(name);
    } else if ("docker".equals(sandbox)) {
      String ids = Exec.run(20, "docker", "ps", "-aq", "--filter", "label=replmesh.node=" + name).trim();
      if (!ids.isEmpty()) {
        List<String> rm = new ArrayList<>(List.of("docker", "rm", "-f"));
        rm.addAll(List.of(ids.split("\\s+")));
        Exec.run(60, rm.toArray(String[]::new));
      }
    }
    deleteTree(workspaces);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not remove " + dir + ": " + e.getMessage());
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Override
  public String toString() {
    return name + " (pid " + pid() + ", http " + httpPort + ", log " + log + ")";
  }
}
