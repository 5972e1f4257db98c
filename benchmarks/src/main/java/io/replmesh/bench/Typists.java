package io.replmesh.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Background load: one websocket per session, each typing 5 keys a second (a short builtin
 * command and Enter, over and over) at a random phase, as people at their keyboards would.
 * Runs on a Vert.x of its own, so that its thousands of frames never queue ahead of a probe's.
 */
final class Typists implements AutoCloseable {
  private static final long PERIOD_MS = 200;
  private static final String TEXT = "echo typing\r";
  private static final int CONNECT_BATCH = 50;

  private final Vertx vertx = Vertx.vertx();
  private final WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(10_000));
  private final List<MeshSocket> sockets = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();
  private final AtomicLong keys = new AtomicLong();
  private int failedConnects;

  /** Connects a typist to each session through the node it names (its port) and starts typing. */
  void add(List<JsonObject> sessions, List<Integer> ports) {
    for (int from = 0; from < sessions.size(); from += CONNECT_BATCH) {
      List<Future<MeshSocket>> batch = new ArrayList<>();
      for (int i = from; i < Math.min(from + CONNECT_BATCH, sessions.size()); i++) {
        batch.add(MeshSocket.open(client, ports.get(i), Sessions.wsUri(sessions.get(i), "typist"), this::ignore));
      }
      Await.result(Future.join(batch), 60);
      // A saturated node may refuse or time out a join: what connected types, the rest is counted.
      batch.forEach(f -> {
        if (f.succeeded()) {
          start(f.result());
        } else {
          failedConnects++;
        }
      });
    }
  }

  /** What the typists' sessions print is not measured: only the probes' echoes are. */
  private void ignore(long arrived, JsonObject frame) {
  }

  private void start(MeshSocket socket) {
    sockets.add(socket);
    int[] next = {ThreadLocalRandom.current().nextInt(TEXT.length())};
    long phase = 1 + ThreadLocalRandom.current().nextLong(PERIOD_MS);
    timers.add(vertx.setPeriodic(phase, PERIOD_MS, id -> {
      socket.input(String.valueOf(TEXT.charAt(next[0]++ % TEXT.length())));
      keys.incrementAndGet();
    }));
  }

  int size() {
    return sockets.size();
  }

  long keys() {
    return keys.get();
  }

  int failedConnects() {
    return failedConnects;
  }

  /** Stops typing; the sockets stay open, idle. */
  void stop() {
    timers.forEach(vertx::cancelTimer);
    timers.clear();
  }

  @Override
  public void close() {
    stop();
    sockets.forEach(MeshSocket::close);
    Await.result(vertx.close(), 20);
  }
}
