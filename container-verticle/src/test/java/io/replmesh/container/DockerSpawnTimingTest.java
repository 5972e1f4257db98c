package io.replmesh.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a container costs a python session: time to its first prompt and memory when idle. */
class DockerSpawnTimingTest extends SandboxSuite {
  private static final int SPAWNS = 20;

  @Override
  SandboxBackend backend() {
    return new DockerBackend();
  }

  @Test
  void pythonReachesItsPromptQuickly() {
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < SPAWNS; i++) {
      long start = System.nanoTime();
      SandboxRepl repl = node.spawn("python", "t" + i);
      repl.awaitStart(">>> ");
      millis.add((System.nanoTime() - start) / 1e6);
      repl.close();
    }
    List<Double> sorted = millis.stream().sorted().toList();
    double median = (sorted.get(SPAWNS / 2 - 1) + sorted.get(SPAWNS / 2)) / 2;
    System.out.printf("docker: python spawn to first prompt over %d spawns: median %.0f ms, min %.0f ms, max %.0f ms%n",
        SPAWNS, median, sorted.get(0), sorted.get(SPAWNS - 1));
    assertThat(median).isLessThan(3000);
  }

  @Test
  void anIdlePythonSessionIsSmall() throws Exception {
    SandboxRepl repl = node.python();
    try {
      SandboxRepl.sleep(1000);
      String name = "replmesh-" + node.backend.node() + "-" + repl.processId;
      // Inside the container, as docker counts it against --memory (page cache excluded).
      double inside = mib(docker("stats", "--no-stream", "--format", "{{.MemUsage}}", name).split(" / ")[0]);
      // On the host, per session: the docker CLI that holds the terminal, and the container's shim.
      long shimPid = ProcessHandle.of(Long.parseLong(docker("inspect", "-f", "{{.State.Pid}}", name)))
          .flatMap(ProcessHandle::parent).orElseThrow().pid();
      System.out.printf("docker: idle python session: container %.1f MiB (cgroup), docker CLI %.1f MiB RSS, shim %.1f MiB RSS%n",
          inside, rssMib(repl.pid), rssMib(shimPid));
      assertThat(inside).isLessThan(96);
    } finally {
      repl.close();
    }
  }

  private static double rssMib(long pid) throws Exception {
    return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
        .filter(line -> line.startsWith("VmRSS:"))
        .mapToDouble(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024.0).findFirst().orElseThrow();
  }

  /** Docker's human sizes: "12.5MiB", "980KiB". */
  private static double mib(String size) {
    double number = Double.parseDouble(size.replaceAll("[A-Za-z]", ""));
    return size.endsWith("GiB") ? number * 1024 : size.endsWith("KiB") ? number / 1024 : size.endsWith("MiB") ? number
        : number / 1048576;
  }

  private static String docker(String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("docker"));
    argv.addAll(List.of(args));
    Process process = new ProcessBuilder(argv).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(process.waitFor()).as("%s: %s", argv, output).isZero();
    return output;
  }
}
