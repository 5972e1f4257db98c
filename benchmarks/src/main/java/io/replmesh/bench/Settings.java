package io.replmesh.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What every benchmark needs to know about this run.
 *
 * @param quick   the short variant (smaller N, fewer samples) for a run during development
 * @param root    the repository root (where node/target/replmesh-node.jar and bench-results/ live)
 * @param sandbox the sandbox of the node JVMs (REPLMESH_BENCH_SANDBOX, else bwrap where installed)
 * @param jfr     whether node JVMs record a JFR profile into target/jfr (REPLMESH_BENCH_JFR=true)
 * @param nodeJvmOptions extra options for the node JVMs (REPLMESH_BENCH_NODE_OPTS, split at spaces),
 *                to compare a tuning against the defaults an operator's {@code java -jar} gets
 */
record Settings(boolean quick, Path root, String sandbox, boolean jfr, List<String> nodeJvmOptions) {

  static Settings from(boolean quick) {
    Path root = Path.of(System.getProperty("replmesh.root", "..")).toAbsolutePath().normalize();
    String sandbox = System.getenv().getOrDefault("REPLMESH_BENCH_SANDBOX",
        Files.isExecutable(Path.of("/usr/bin/bwrap")) ? "bwrap" : "process");
    String options = System.getenv().getOrDefault("REPLMESH_BENCH_NODE_OPTS", "").trim();
    return new Settings(quick, root, sandbox, "true".equalsIgnoreCase(System.getenv("REPLMESH_BENCH_JFR")),
        options.isEmpty() ? List.of() : List.of(options.split("\\s+")));
  }

  Path nodeJar() {
    return root.resolve("node/target/replmesh-node.jar");
  }

  /** bench-results/, or REPLMESH_BENCH_RESULTS: a comparison run must not overwrite the figures of record. */
  Path results() {
    String dir = System.getenv("REPLMESH_BENCH_RESULTS");
    return dir == null || dir.isBlank() ? root.resolve("bench-results") : Path.of(dir).toAbsolutePath();
  }

  /** Scratch space of this module: node logs, generated configuration, JFR files. */
  Path work() {
    return root.resolve("benchmarks/target/bench-work");
  }

  /** Picks the full or the quick value of a parameter. */
  <T> T pick(T full, T quickValue) {
    return quick ? quickValue : full;
  }
}
