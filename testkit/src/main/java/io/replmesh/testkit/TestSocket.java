package io.replmesh.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real websocket client of a node that records every frame it receives, with blocking
 * waits for tests: {@code awaitFrame(type)}, {@code awaitOutput("42")}.
 */
public final class TestSocket implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(20);

  private final WebSocketClient client;
  private final ClientWebSocket ws;
  private final List<JsonObject> frames = new ArrayList<>();
  private final StringBuilder output = new StringBuilder();
  private Short closeStatus;
  private String closeReason;

  /** Handlers go on before connecting: the server's first frame follows the upgrade at once. */
  private TestSocket(WebSocketClient client, ClientWebSocket ws) {
    this.client = client;
    this.ws = ws;
    ws.textMessageHandler(this::record);
    ws.closeHandler(v -> {
      synchronized (this) {
        closeStatus = ws.closeStatusCode();
        closeReason = ws.closeReason();
        notifyAll();
      }
    });
  }

  /** Connects to {@code uri} (path and query) on loopback:port; throws on a refused upgrade. */
  public static TestSocket connect(Vertx vertx, int port, String uri) {
    return connect(vertx, "127.0.0.1", port, uri);
  }

  public static TestSocket connect(Vertx vertx, String host, int port, String uri) {
    return connect(vertx, new WebSocketConnectOptions().setHost(host).setPort(port).setURI(uri));
  }

  /** With full options, e.g. a Cookie header. */
  public static TestSocket connect(Vertx vertx, WebSocketConnectOptions options) {
    WebSocketClient client = vertx.createWebSocketClient();
    try {
      TestSocket socket = new TestSocket(client, client.webSocket());
      socket.ws.connect(options).await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return socket;
    } catch (Exception e) {
      client.close();
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
  }

  /** The HTTP status of a refused upgrade to {@code uri}, or -1 when the upgrade succeeded. */
  public static int rejectionStatus(Vertx vertx, int port, String uri) {
    try {
      connect(vertx, port, uri).close();
      return -1;
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof UpgradeRejectedException rejected) {
          return rejected.getStatus();
        }
      }
      throw e;
    }
  }

  public void send(JsonObject frame) {
    ws.writeTextMessage(frame.encode()).await();
  }

  public void sendText(String text) {
    ws.writeTextMessage(text).await();
  }

  /** Stops reading from the socket, as a slow client would: the server's writes back up. */
  public void pause() {
    ws.pause();
  }

  public void resume() {
    ws.resume();
  }

  public void input(String data) {
    send(new JsonObject().put("type", "input").put("data", data));
  }

  private synchronized void record(String text) {
    JsonObject frame = new JsonObject(text);
    frames.add(frame);
    if ("output".equals(frame.getString("type"))) {
      output.append(frame.getString("data"));
    }
    notifyAll();
  }

  public synchronized List<JsonObject> frames() {
    return List.copyOf(frames);
  }

  public synchronized String output() {
    return output.toString();
  }

  /** The first frame (from the start of the connection) that matches; waits for it. */
  public JsonObject awaitFrame(Predicate<JsonObject> match) {
    return await(() -> frames.stream().filter(match).findFirst().orElse(null), "a matching frame");
  }

  public JsonObject awaitFrame(String type) {
    return awaitFrame(f -> type.equals(f.getString("type")));
  }

  /** Waits until {@code count} frames of {@code type} have arrived; returns them all. */
  public List<JsonObject> awaitFrames(String type, int count) {
    return await(() -> {
      List<JsonObject> ofType = frames.stream().filter(f -> type.equals(f.getString("type"))).toList();
      return ofType.size() >= count ? ofType : null;
    }, count + " frames of type " + type);
  }

  /** Waits until the terminal output received so far contains {@code text}. */
  public String awaitOutput(String text) {
    return await(() -> output.indexOf(text) >= 0 ? output.toString() : null, "output containing '" + text + "'");
  }

  /** Waits for the server to close the socket; returns its close status. */
  public short awaitClose() {
    return await(() -> closeStatus, "the socket to close");
  }

  public synchronized String closeReason() {
    return closeReason;
  }

  private synchronized <T> T await(java.util.function.Supplier<T> probe, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    T result;
    while ((result = probe.get()) == null) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("timed out waiting for " + what + "; frames so far: " + frames
            + "; output: " + output);
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
    return result;
  }

  @Override
  public void close() {
    if (closeStatus == null) {
      ws.close();
    }
    client.close();
  }
}
