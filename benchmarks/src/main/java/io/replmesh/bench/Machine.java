package io.replmesh.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about this machine for the report, and its memory headroom for the density benchmark. */
final class Machine {
  private Machine() {}

  static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  static long memTotalBytes() {
    return ProcMem.statusKb(Path.of("/proc/meminfo"), "MemTotal:") * 1024;
  }

  static long memAvailableBytes() {
    return ProcMem.statusKb(Path.of("/proc/meminfo"), "MemAvailable:") * 1024;
  }

  /** The 1, 5 and 15 minute load averages: other work on this machine skews latencies. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "?";
    }
  }

  /** What {@code java -version} prints for the JVM that runs the nodes (this one's). */
  static String javaVersion() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return Exec.run(20, java, "-version").strip();
  }
}
