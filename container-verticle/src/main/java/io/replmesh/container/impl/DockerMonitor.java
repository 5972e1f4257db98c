package io.replmesh.container.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the live containers for what docker itself does not enforce or report.
 *
 * <p>The workspace cap ({@link WorkspaceCap}, shared with bwrap's guard): a bind mount cannot be
 * size-limited ({@code --storage-opt} covers only the container's own layer), and the workspace
 * must stay a plain host directory that the node reads and restores. RLIMIT_FSIZE
 * ({@code --ulimit fsize}) stops any single file at the cap at once. For many files, this monitor
 * walks a workspace as soon as inotify says it is being written (for at most a fifth of the time;
 * deferred walks run on a {@value #TICK_MS} ms tick), and every {@code monitorMs} anyway, and
 * kills the container whose workspace has grown past the cap. The overshoot is what the REPL writes between two walks: python filling 1 MiB files at up
 * to 3 GB/s was stopped at 17-54 MiB against a 16 MiB cap (70-250 MiB with a 100 ms walk alone).
 * A workspace full at spawn gets RLIMIT_FSIZE 0 and a kill on any growth, so overshoots do not
 * add up over restarts.
 *
 * <p>Pids exhaustion: the container's pids cgroup counts refused forks in {@code pids.events}, but
 * the cgroup is gone once the container has exited, so it is read while the container runs. A
 * late first read is fine: the count covers the container's whole life.
 */
final class DockerMonitor {
  private static final Logger log = LoggerFactory.getLogger(DockerMonitor.class);
  private static final long TICK_MS = 10;
  private static final Duration CLI_TIMEOUT = Duration.ofSeconds(10);
  /** How often to ask docker about a container until it runs (~150 ms): each ask is a CLI process. */
  private static final long LOOKUP_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  /** A container not running by then never started; stop asking docker about it. */
  private static final long LOOKUP_NANOS = TimeUnit.SECONDS.toNanos(30);

  private static final ExecutorService LOOKUPS = DaemonThreads.cachedPool("docker-lookup");
  /** One thread for every monitor in the JVM: a check is a short directory walk and a file read. */
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "docker-monitor");
    thread.setDaemon(true);
    return thread;
  });

  /** One watched container. Its flags are read by release() once the container has ended. */
  static final class Watch {
    final String name;
    private final WorkspaceCap cap;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean diskExceeded = new AtomicBoolean();
    private final AtomicBoolean pidsExhausted = new AtomicBoolean();
    private volatile boolean written;
    private volatile DockerLocalContainer local;
    private volatile boolean lookingUp;
    private volatile boolean lookupOver;
    private volatile long nextWalkNanos = startNanos;
    private DockerWorkspaceEvents.Subscription events;
    private long lastLookupNanos = startNanos; // the timer thread's only

    private Watch(String name, WorkspaceCap cap) {
      this.name = name;
      this.cap = cap;
    }

    /** RLIMIT_FSIZE for the container: the cap, or 0 when the workspace is full already. */
    long fileSizeLimit() {
      return cap.fileSizeLimit();
    }

    boolean diskExceeded() {
      return diskExceeded.get();
    }

    boolean pidsExhausted() {
      return pidsExhausted.get();
    }
  }

  private final DockerCli cli;
  private final long periodNanos;
  private final Map<String, Watch> watches = new ConcurrentHashMap<>();
  private ScheduledFuture<?> ticking;
  private long lastPeriodicNanos = System.nanoTime();

  DockerMonitor(DockerCli cli, long periodMs) {
    this.cli = cli;
    this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMs);
  }

  Watch watch(String name, Path workspace, long capBytes) {
    Watch watch = new Watch(name, WorkspaceCap.atSpawn(workspace, capBytes));
    DockerWorkspaceEvents events = DockerWorkspaceEvents.shared();
    if (events != null) {
      watch.events = events.subscribe(workspace, () -> onWritten(watch));
    }
    synchronized (this) {
      watches.put(name, watch);
      if (ticking == null) {
        ticking = TIMER.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
      }
    }
    return watch;
  }

  /** Stops watching; the monitor goes idle when nothing is left to watch. */
  synchronized void stop(Watch watch) {
    if (watch.events != null) {
      watch.events.close();
    }
    watches.remove(watch.name, watch);
    if (watches.isEmpty() && ticking != null) {
      ticking.cancel(false);
      ticking = null;
    }
  }

  private void tick() {
    long now = System.nanoTime();
    boolean periodic = now - lastPeriodicNanos >= periodNanos;
    if (periodic) {
      lastPeriodicNanos = now;
    }
    for (Watch watch : watches.values()) {
      try {
        locate(watch);
        if (periodic) {
          checkPids(watch);
          walk(watch);
        } else if (watch.written) {
          walkIfDue(watch);
        }
      } catch (RuntimeException e) {
        log.warn("container {}: check failed: {}", watch.name, e.toString());
      }
    }
  }

  /** On the file-event thread: walk at once, since a REPL can write gigabytes a second. */
  private void onWritten(Watch watch) {
    watch.written = true;
    try {
      walkIfDue(watch);
    } catch (RuntimeException e) {
      log.warn("container {}: check failed: {}", watch.name, e.toString());
    }
  }

  /** Walks unless this workspace was walked just now; the next tick catches up then. */
  private void walkIfDue(Watch watch) {
    if (System.nanoTime() - watch.nextWalkNanos >= 0) {
      walk(watch);
    }
  }

  private void walk(Watch watch) {
    watch.written = false;
    long start = System.nanoTime();
    checkDisk(watch);
    long end = System.nanoTime();
    // A huge workspace written all the time must not keep a thread walking: at most a fifth of the time.
    watch.nextWalkNanos = end + 4 * (end - start);
  }

  private void checkDisk(Watch watch) {
    if (!watch.cap.exceeded() || !watch.diskExceeded.compareAndSet(false, true)) {
      return;
    }
    DockerLocalContainer local = watch.local;
    boolean direct = local != null && local.init() != null;
    log.warn("container {}: workspace {} grew past its cap of {} MiB; killing it {}", watch.name, watch.cap.workspace(),
        watch.cap.limit() >> 20, direct ? "directly" : "through docker");
    if (direct) {
      // Every millisecond counts here: a REPL writes a megabyte in one. Without its init, the container ends.
      local.init().destroyForcibly();
      return;
    }
    DockerCli.Result killed = cli.run(CLI_TIMEOUT, "kill", watch.name);
    if (!killed.ok()) {
      log.warn("container {}: docker kill failed: {}", watch.name, killed.output().strip());
    }
  }

  private void checkPids(Watch watch) {
    DockerLocalContainer local = watch.local;
    if (local == null || local.pidsEvents() == null || watch.pidsExhausted.get()) {
      return;
    }
    try {
      // "max N": how many forks the pids limit has refused so far.
      boolean refused = Files.readAllLines(local.pidsEvents()).stream()
          .anyMatch(line -> line.startsWith("max ") && !line.equals("max 0"));
      if (refused && watch.pidsExhausted.compareAndSet(false, true)) {
        log.info("container {} hit its pids limit", watch.name);
      }
    } catch (IOException e) {
      // The container has just ended and taken its cgroup along.
    }
  }

  /**
   * Finds the container on this host once it runs, asking docker at most once per interval and
   * off the timer thread, so a slow daemon never delays the disk checks.
   */
  private void locate(Watch watch) {
    long now = System.nanoTime();
    if (watch.local != null || watch.lookupOver || watch.lookingUp || now - watch.lastLookupNanos < LOOKUP_EVERY_NANOS) {
      return;
    }
    watch.lastLookupNanos = now;
    watch.lookingUp = true;
    LOOKUPS.execute(() -> {
      watch.local = DockerLocalContainer.find(cli, watch.name).orElse(null);
      if (watch.local == null && System.nanoTime() - watch.startNanos > LOOKUP_NANOS) {
        log.debug("container {} not found running; no pids or fast-kill checks for it", watch.name);
        watch.lookupOver = true;
      }
      watch.lookingUp = false;
    });
  }
}
