package io.replmesh.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the sandbox costs: spawn-to-first-prompt of python under bwrap against the unsandboxed
 * process backend (median of 20 after warm-up), and the memory of an idle sandboxed python.
 * The bounds are generous; the printed figures are the point.
 */
class BwrapSpawnTimingTest {
  private static final int RUNS = 20;
  private static final BwrapBackend BWRAP = new BwrapBackend();

  @TempDir
  Path workspaces;
  /** Not a {@link SandboxSuite}: the node is deployed per measurement, with the process sandbox too. */
  private SandboxHarness node;

  @BeforeEach
  void start() {
    node = new SandboxHarness(BWRAP, workspaces);
  }

  @AfterEach
  void close() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void pythonReachesItsPromptQuicklyUnderBwrap() throws Exception {
    // bwrap runs the interpreter a version-manager shim would pick; the process backend runs the
    // shim unless told the interpreter's path, so it is timed both ways.
    String interpreter = realPython();
    double shim = medianSpawnMillis("process", "python3");
    double process = medianSpawnMillis("process", interpreter);
    double bwrap = medianSpawnMillis("bwrap", "python3");
    System.out.printf("python spawn to first prompt, median of %d: process %.1f ms (%.1f ms through the PATH's python3),"
        + " bwrap %.1f ms (+%.1f ms)%n", RUNS, process, shim, bwrap, bwrap - process);
    assertThat(bwrap).isLessThan(1000);
  }

  @Test
  void anIdleSandboxedPythonIsSmall() throws Exception {
    node.deploy();
    SandboxRepl repl = node.python();
    SandboxRepl.sleep(500);
    ProcessHandle bwrap = ProcessHandle.of(repl.pid).orElseThrow();
    long rss = 0;
    long pss = 0;
    List<ProcessHandle> tree = Stream.concat(Stream.of(bwrap), bwrap.descendants()).toList();
    for (ProcessHandle process : tree) {
      long[] memory = rssAndPss(process.pid());
      System.out.printf("  %-70s RSS %6d KiB, PSS %6d KiB%n",
          process.info().command().orElse("?"), memory[0], memory[1]);
      rss += memory[0];
      pss += memory[1];
    }
    System.out.printf("idle sandboxed python, %d processes: RSS %d KiB, PSS %d KiB%n", tree.size(), rss, pss);
    assertThat(pss).isLessThan(64 * 1024);
    repl.close();
  }

  private double medianSpawnMillis(String sandbox, String python) {
    JsonObject config = BWRAP.config(workspaces, sandbox);
    config.getJsonObject("runtimes").getJsonObject("python").getJsonArray("command").set(0, python);
    String id = node.vertx.deployVerticle(new ContainerVerticle(config)).await();
    List<Double> millis = new ArrayList<>();
    for (int i = -2; i < RUNS; i++) {
      long start = System.nanoTime();
      SandboxRepl repl = node.spawn("python");
      repl.awaitStart(">>> ");
      if (i >= 0) {
        millis.add((System.nanoTime() - start) / 1e6);
      }
      repl.close();
    }
    node.vertx.undeploy(id).await();
    Collections.sort(millis);
    return millis.get(millis.size() / 2);
  }

  private static String realPython() throws Exception {
    Process process = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").start();
    String path = new String(process.getInputStream().readAllBytes()).trim();
    assertThat(process.waitFor()).isZero();
    return path;
  }

  /** Resident and proportional set size in KiB, from smaps_rollup. */
  private static long[] rssAndPss(long pid) throws Exception {
    long[] memory = new long[2];
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
      String[] parts = line.split("\\s+");
      if (parts[0].equals("Rss:")) {
        memory[0] = Long.parseLong(parts[1]);
      } else if (parts[0].equals("Pss:")) {
        memory[1] = Long.parseLong(parts[1]);
      }
    }
    return memory;
  }
}
