package io.replmesh.bench;

import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keystroke echo through a websocket of the native protocol: an {@code input} frame of one
 * character out, the first {@code output} frame holding it back. Used for the mesh and, against
 * a bare echo server, for the websocket floor, so that both pay the same client costs.
 */
final class SocketEcho implements Echoer {
  private static final long QUIET_MS = 40;

  private final MeshSocket socket;
  private volatile Pending pending;
  private volatile long lastOutputNanos = System.nanoTime();

  private record Pending(char key, long sentNanos, CompletableFuture<Long> echoed) {}

  private SocketEcho(WebSocketClient client, int port, String uri) {
    this.socket = MeshSocket.connect(client, port, uri, this::onFrame);
  }

  /** Connects and waits until the terminal is quiet (the prompt and any replay have arrived). */
  static SocketEcho open(WebSocketClient client, int port, String uri) {
    SocketEcho echo = new SocketEcho(client, port, uri);
    echo.awaitQuiet();
    return echo;
  }

  private void onFrame(long arrived, JsonObject frame) {
    if (!"output".equals(frame.getString("type"))) {
      return;
    }
    lastOutputNanos = arrived;
    Pending p = pending;
    if (p != null && frame.getString("data").indexOf(p.key) >= 0) {
      p.echoed.complete(arrived - p.sentNanos);
    }
  }

  @Override
  public long echo(char key) throws Exception {
    Pending p = new Pending(key, System.nanoTime(), new CompletableFuture<>());
    pending = p;
    socket.input(String.valueOf(key));
    try {
      return p.echoed.get(5, TimeUnit.SECONDS);
    } finally {
      pending = null;
    }
  }

  @Override
  public void clearLine() {
    socket.input("\u0015");
    awaitQuiet();
  }

  private void awaitQuiet() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    Sleep.millis(QUIET_MS);
    while (System.nanoTime() - lastOutputNanos < TimeUnit.MILLISECONDS.toNanos(QUIET_MS)
        && System.nanoTime() < deadline) {
      Sleep.millis(5);
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
