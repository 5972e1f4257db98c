package io.replmesh.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory of a node and its REPLs, from /proc and jcmd. */
final class ProcMem {
  private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

  private ProcMem() {}

  /** The resident set of one process (VmRSS), in bytes; 0 when it is gone. */
  static long rssBytes(long pid) {
    return statusKb(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:") * 1024;
  }

  /**
   * The proportional set size (shared pages split between their users) of every process
   * under {@code pid}, summed: what the REPLs, their sandboxes and shared libraries really
   * cost, without counting a shared page a thousand times as a sum of RSS would.
   */
  static Children children(long pid) {
    long pss = 0;
    int count = 0;
    for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
      long kb = statusKb(Path.of("/proc", Long.toString(child.pid()), "smaps_rollup"), "Pss:");
      if (kb > 0) {
        pss += kb * 1024;
        count++;
      }
    }
    return new Children(count, pss);
  }

  record Children(int processes, long pssBytes) {}

  /** The heap in use right after a full GC (jcmd GC.run, then GC.heap_info): live data only. */
  static long heapUsedAfterGcBytes(long pid) {
    Exec.run(60, "jcmd", Long.toString(pid), "GC.run");
    return heapUsedBytes(pid);
  }

  /** The heap in use now, garbage included (jcmd GC.heap_info); -1 when jcmd cannot tell. */
  static long heapUsedBytes(long pid) {
    Matcher m = HEAP_USED.matcher(Exec.run(30, "jcmd", Long.toString(pid), "GC.heap_info"));
    return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
  }

  /** A "Key:   123 kB" line of a /proc file, in kB; 0 when absent or unreadable. */
  static long statusKb(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process ended while we read: it costs nothing any more
    }
    return 0;
  }
}
