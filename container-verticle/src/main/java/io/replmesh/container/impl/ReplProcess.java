package io.replmesh.container.impl;

import io.replmesh.container.Sandbox;
import io.replmesh.protocol.Actions;
import io.replmesh.protocol.Addresses;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One REPL in a pseudo-terminal (or a program on pipes). A pump thread per output stream
 * reads it and sends it, as whole characters, to the session's process-events address; it
 * takes one credit per chunk and the session gives the credit back once it has handled the
 * chunk, so at most {@code credits × chunk size} bytes are in flight and a flood stalls in
 * the kernel's buffer (the REPL blocks on write) instead of in our heap. Input is written
 * on a per-process serial executor, never on an event loop.
 */
public final class ReplProcess {
  private static final Logger log = LoggerFactory.getLogger(ReplProcess.class);
  private static final int CHUNK_BYTES = 8192;
  private static final DeliveryOptions OUTPUT = Actions.options(Actions.OUTPUT);
  private static final DeliveryOptions EXIT = Actions.options(Actions.EXIT);

  private final String processId;
  private final ProcessIo io;
  private final Process process;
  private final Sandbox sandbox;
  private final Sandbox.LaunchPlan plan;
  private final EventBus bus;
  private final Semaphore credits;
  private final Executor writer;
  private final long maxQueuedInput;
  private final AtomicLong queuedInput = new AtomicLong();
  private final AtomicBoolean killed = new AtomicBoolean();
  private final Runnable onExit;

  public ReplProcess(String processId, ProcessIo io, Sandbox sandbox, Sandbox.LaunchPlan plan, EventBus bus,
                     int credits, long maxQueuedInput, Executor ioPool, Runnable onExit) {
    this.processId = processId;
    this.io = io;
    this.process = io.process();
    this.sandbox = sandbox;
    this.plan = plan;
    this.bus = bus;
    this.credits = new Semaphore(credits);
    this.writer = new SerialExecutor(ioPool);
    this.maxQueuedInput = maxQueuedInput;
    this.onExit = onExit;
  }

  public long pid() {
    return process.pid();
  }

  /** Starts one output pump per stream on threads of {@code pool}; they run until the process ends. */
  public void startPump(Executor pool) {
    AtomicInteger open = new AtomicInteger(io.outputs().size());
    io.outputs().forEach((stream, in) -> pool.execute(() -> {
      pump(stream, in);
      if (open.decrementAndGet() == 0) {
        reportExit();
      }
    }));
  }

  /**
   * Queues input for the process. Returns false when too much input is already waiting
   * (the REPL is not reading), so a paste flood cannot grow the node's heap.
   */
  public boolean write(String data) {
    byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
    if (queuedInput.addAndGet(bytes.length) > maxQueuedInput) {
      queuedInput.addAndGet(-bytes.length);
      return false;
    }
    writer.execute(() -> {
      try {
        io.input().write(bytes);
        io.input().flush();
      } catch (IOException e) {
        log.debug("process {}: write failed, it is ending: {}", processId, e.getMessage());
      } finally {
        queuedInput.addAndGet(-bytes.length);
      }
    });
    return true;
  }

  public void resize(int cols, int rows) {
    writer.execute(() -> io.resize(cols, rows));
  }

  /** Closes the program's standard input: end of file for a program on pipes. */
  public void closeInput() {
    writer.execute(() -> {
      try {
        io.input().close();
      } catch (IOException e) {
        log.debug("process {}: closing input failed: {}", processId, e.getMessage());
      }
    });
  }

  /** The session handled one chunk: the pump may send another. */
  public void credit() {
    credits.release();
  }

  /** Ends the process: SIGTERM-like first, SIGKILL if it lingers. Idempotent. */
  public void kill() {
    if (!killed.compareAndSet(false, true)) {
      return;
    }
    credits.release(Integer.MAX_VALUE / 2);
    writer.execute(() -> {
      process.destroy();
      try {
        if (!process.waitFor(1, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    });
  }

  private void pump(String stream, InputStream source) {
    Thread.currentThread().setName("pty-" + processId + "-" + stream);
    Utf8ChunkDecoder decoder = new Utf8ChunkDecoder();
    byte[] buffer = new byte[CHUNK_BYTES];
    try (InputStream in = source) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        send(stream, decoder.decode(buffer, n));
      }
    } catch (IOException e) {
      // EIO once the last writer of the pty is gone: the ordinary end of a pty stream.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      send(stream, decoder.finish());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void send(String stream, String text) throws InterruptedException {
    if (text.isEmpty()) {
      return;
    }
    credits.acquire();
    bus.send(Addresses.processEvents(processId), new JsonObject().put("data", text).put("stream", stream), OUTPUT);
  }

  private void reportExit() {
    int exitCode;
    try {
      exitCode = process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exitCode = -1;
    }
    String limitOrExit = sandbox.release(plan, exitCode);
    String reason = killed.get() ? ExitReasons.KILLED : limitOrExit;
    onExit.run();
    bus.send(Addresses.processEvents(processId), new JsonObject().put("exitCode", exitCode).put("reason", reason), EXIT);
  }
}
