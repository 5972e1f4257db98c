package io.replmesh.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU use over an interval, of the whole machine (/proc/stat) and of given processes
 * (/proc/PID/stat): on two cores it tells whether a latency came from the mesh or from a
 * machine with no core to spare.
 */
final class CpuMeter {
  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ, 100 on every Linux build we run on

  private final List<Long> pids;
  private final long startNanos = System.nanoTime();
  private final long[] machineStart = machineTicks();
  private final long processStart;

  CpuMeter(List<Long> pids) {
    this.pids = pids;
    this.processStart = processTicks();
  }

  /** The machine's busy share since the start, 0-100 % of all cores. */
  double machineBusyPercent() {
    long[] now = machineTicks();
    long total = now[0] - machineStart[0];
    return total == 0 ? 0 : 100.0 * (total - (now[1] - machineStart[1])) / total;
  }

  /** The processes' CPU since the start, in % of one core (200 % = both cores of this machine). */
  double processPercent() {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    return 100.0 * (processTicks() - processStart) / TICKS_PER_SECOND / seconds;
  }

  private long processTicks() {
    long ticks = 0;
    for (long pid : pids) {
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // Fields after the command name in parentheses (which may hold spaces): utime is the 14th field.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      } catch (IOException | RuntimeException e) {
        // the process is gone
      }
    }
    return ticks;
  }

  /** {total, idle + iowait} ticks of all cores. */
  private static long[] machineTicks() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < fields.length; i++) {
        total += Long.parseLong(fields[i]);
      }
      return new long[] {total, Long.parseLong(fields[4]) + Long.parseLong(fields[5])};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }
}
