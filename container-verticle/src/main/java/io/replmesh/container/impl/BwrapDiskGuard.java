package io.replmesh.container.impl;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps a session's workspace, a plain host directory that other parts of the node read and
 * restore, so it cannot simply be a size-limited mount. Three layers:
 * <ul>
 *   <li>RLIMIT_FSIZE (set by the launcher) stops any single file at the cap, with EFBIG, at once;
 *   <li>this guard measures a workspace ~10 ms after inotify reports a change in it (and sweeps
 *       all of them every {@code periodMs}, for what inotify missed), and kills a sandbox whose
 *       workspace grew past the cap: reason {@code disk_limit}. Many files can overshoot the cap
 *       by what is written between a change and its measurement;
 *   <li>a workspace already at its cap at spawn (restored files, an earlier overshoot) gets
 *       RLIMIT_FSIZE 0 instead: its owner can read and delete but grow nothing, and overshoots
 *       cannot add up over restarts.
 * </ul>
 * The cap, its measure and its rule at spawn are {@link WorkspaceCap}'s, shared with docker's
 * monitor: every file and directory counts at least one 4 KiB block, so a flood of empty files is
 * caught too, and a walk stops once past the limit, so it stays bounded.
 */
final class BwrapDiskGuard {
  private static final Logger log = LoggerFactory.getLogger(BwrapDiskGuard.class);
  /** Coalesces a burst of writes into one walk. */
  private static final long SETTLE_MS = 2;
  /** Beyond this many directories a workspace relies on the periodic sweep alone. */
  private static final int MAX_WATCHED_DIRS = 256;

  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "bwrap-disk-guard"));
  private static final Map<WatchKey, Watch> KEYS = new ConcurrentHashMap<>();
  private static final WatchService INOTIFY = inotify();

  /** One watched workspace; {@code exceeded} is set when the guard killed its sandbox. */
  static final class Watch {
    final String processId;
    final WorkspaceCap cap;
    final AtomicBoolean exceeded = new AtomicBoolean();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final Set<WatchKey> keys = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    private Watch(String processId, WorkspaceCap cap) {
      this.processId = processId;
      this.cap = cap;
    }

    /** RLIMIT_FSIZE for the sandbox: the cap, or 0 when the workspace is full already. */
    long fileSizeLimit() {
      return cap.fileSizeLimit();
    }
  }

  private final Map<String, Watch> watches = new ConcurrentHashMap<>();
  private final long periodMs;
  private ScheduledFuture<?> sweeping;

  BwrapDiskGuard(long periodMs) {
    this.periodMs = periodMs;
  }

  Watch watch(String processId, Path workspace, long capBytes) {
    Watch watch = new Watch(processId, WorkspaceCap.atSpawn(workspace, capBytes));
    register(watch, workspace);
    synchronized (this) {
      watches.put(processId, watch);
      if (sweeping == null) {
        sweeping = TIMER.scheduleWithFixedDelay(() -> watches.values().forEach(BwrapDiskGuard::check),
            periodMs, periodMs, TimeUnit.MILLISECONDS);
      }
    }
    return watch;
  }

  /** Stops watching; the guard goes idle when nothing is left to watch. */
  synchronized void stop(Watch watch) {
    watch.stopped = true;
    watch.keys.forEach(key -> {
      key.cancel();
      KEYS.remove(key);
    });
    watches.remove(watch.processId, watch);
    if (watches.isEmpty() && sweeping != null) {
      sweeping.cancel(false);
      sweeping = null;
    }
  }

  private static void register(Watch watch, Path dir) {
    if (INOTIFY == null) {
      return;
    }
    try (var dirs = Files.walk(dir)) {
      for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
        if (watch.stopped || watch.keys.size() >= MAX_WATCHED_DIRS) {
          return;
        }
        WatchKey key = d.register(INOTIFY, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        KEYS.put(key, watch);
        watch.keys.add(key);
      }
    } catch (IOException | RuntimeException e) {
      log.debug("process {}: watching {} only by sweeps: {}", watch.processId, dir, e.toString());
    }
  }

  /** Turns inotify events into soon-to-run checks; new directories get watched too. */
  private static void listen(WatchService inotify) {
    while (true) {
      WatchKey key;
      try {
        key = inotify.take();
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
      Watch watch = KEYS.get(key);
      for (WatchEvent<?> event : key.pollEvents()) {
        if (watch != null && event.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
          Path created = ((Path) key.watchable()).resolve((Path) event.context());
          if (Files.isDirectory(created)) {
            register(watch, created);
          }
        }
      }
      key.reset();
      if (watch != null && watch.pending.compareAndSet(false, true)) {
        TIMER.schedule(() -> {
          watch.pending.set(false);
          check(watch);
        }, SETTLE_MS, TimeUnit.MILLISECONDS);
      }
    }
  }

  private static void check(Watch watch) {
    if (watch.stopped || watch.exceeded.get()) {
      return;
    }
    if (watch.cap.exceeded() && watch.exceeded.compareAndSet(false, true)) {
      log.warn("process {}: workspace {} grew past its cap of {} MiB; killing its sandbox", watch.processId,
          watch.cap.workspace(), watch.cap.limit() >> 20);
      kill(watch.processId);
    }
  }

  /**
   * Kills the bwrap process carrying the marker; {@code --die-with-parent} and the end of its pid
   * namespace take every process of the sandbox with it.
   */
  private static void kill(String processId) {
    ProcessHandle.current().children()
        .filter(child -> child.info().arguments().map(List::of).orElse(List.of()).contains(processId))
        .forEach(ProcessHandle::destroyForcibly);
  }

  private static WatchService inotify() {
    try {
      WatchService service = FileSystems.getDefault().newWatchService();
      daemon(() -> listen(service), "bwrap-disk-inotify").start();
      return service;
    } catch (IOException e) {
      log.warn("no inotify: workspaces are measured by periodic sweeps only ({})", e.toString());
      return null;
    }
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }
}
