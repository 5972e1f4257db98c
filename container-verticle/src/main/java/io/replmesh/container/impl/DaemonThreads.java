package io.replmesh.container.impl;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread pools whose threads never keep the JVM alive. */
public final class DaemonThreads {
  private DaemonThreads() {}

  public static ExecutorService cachedPool(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }
}
