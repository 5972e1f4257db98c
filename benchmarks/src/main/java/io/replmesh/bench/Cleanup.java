package io.replmesh.bench;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Whatever a benchmark started that must not outlive the benchmark JVM (node processes,
 * REPLs): closed by try-with-resources normally, and by one shutdown hook when the JVM
 * ends otherwise (an exception that escapes, Ctrl-C, SIGTERM).
 */
final class Cleanup {
  private static final Deque<AutoCloseable> OPEN = new ArrayDeque<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(Cleanup::closeAll, "bench-cleanup"));
  }

  private Cleanup() {}

  static synchronized void register(AutoCloseable resource) {
    OPEN.push(resource);
  }

  static synchronized void unregister(AutoCloseable resource) {
    OPEN.remove(resource);
  }

  private static void closeAll() {
    while (true) {
      AutoCloseable next;
      synchronized (Cleanup.class) {
        next = OPEN.poll();
      }
      if (next == null) {
        return;
      }
      try {
        next.close();
      } catch (Exception e) {
        System.err.println("cleanup of " + next + " failed: " + e);
      }
    }
  }
}
