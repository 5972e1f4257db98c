package io.replmesh.bench;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The PTY floor: the same bash as the mesh runs, in a pty4j pseudo-terminal in this JVM,
 * without sandbox, server or network. A key is written to the master side and a reader
 * thread waits for its echo, as the node's output pump does.
 */
final class PtyEcho implements Echoer {
  private final PtyProcess process;
  private final OutputStream keys;
  private final Thread reader;
  private volatile Pending pending;
  private volatile long lastOutputNanos = System.nanoTime();

  private record Pending(char key, long sentNanos, CompletableFuture<Long> echoed) {}

  PtyEcho() throws IOException {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("TERM", "xterm-256color");
    env.put("PS1", "$ ");
    process = new PtyProcessBuilder(new String[] {"bash", "--norc", "--noprofile", "-i"})
        .setEnvironment(env).setInitialColumns(80).setInitialRows(24).start();
    keys = process.getOutputStream();
    reader = new Thread(this::read, "pty-floor");
    reader.setDaemon(true);
    reader.start();
    Cleanup.register(this);
    awaitQuiet();
  }

  private void read() {
    byte[] buffer = new byte[8192];
    try (InputStream out = process.getInputStream()) {
      int n;
      while ((n = out.read(buffer)) > 0) {
        long arrived = System.nanoTime();
        lastOutputNanos = arrived;
        Pending p = pending;
        if (p != null && new String(buffer, 0, n, StandardCharsets.UTF_8).indexOf(p.key) >= 0) {
          p.echoed.complete(arrived - p.sentNanos);
        }
      }
    } catch (IOException e) {
      // the shell ended: close() did it
    }
  }

  @Override
  public long echo(char key) throws Exception {
    Pending p = new Pending(key, System.nanoTime(), new CompletableFuture<>());
    pending = p;
    keys.write(key);
    keys.flush();
    try {
      return p.echoed.get(5, TimeUnit.SECONDS);
    } finally {
      pending = null;
    }
  }

  @Override
  public void clearLine() throws IOException {
    keys.write(0x15);
    keys.flush();
    awaitQuiet();
  }

  private void awaitQuiet() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    Sleep.millis(40);
    while (System.nanoTime() - lastOutputNanos < TimeUnit.MILLISECONDS.toNanos(40) && System.nanoTime() < deadline) {
      Sleep.millis(5);
    }
  }

  @Override
  public void close() {
    Cleanup.unregister(this);
    process.destroyForcibly();
  }
}
