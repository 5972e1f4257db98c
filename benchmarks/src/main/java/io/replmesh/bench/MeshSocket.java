package io.replmesh.bench;

import io.vertx.core.Future;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/**
 * A lean websocket client of the native protocol: each received frame goes to a listener
 * with the {@link System#nanoTime} at which it arrived, taken before anything else is done
 * with it. Unlike the testkit's TestSocket it keeps nothing, so a thousand of them can run
 * for minutes.
 */
final class MeshSocket implements AutoCloseable {
  interface Listener {
    /** Called on the client's event loop. */
    void onFrame(long arrivedNanos, JsonObject frame);
  }

  /**
   * Held so that it stays reachable as long as the socket: Vert.x closes a client, with its
   * connections, once the garbage collector finds it unreachable.
   */
  private final WebSocketClient client;
  private final ClientWebSocket ws;

  private MeshSocket(WebSocketClient client, ClientWebSocket ws) {
    this.client = client;
    this.ws = ws;
  }

  static Future<MeshSocket> open(WebSocketClient client, int port, String uri, Listener listener) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
    ClientWebSocket ws = client.webSocket();
    // The handler goes on before connecting: the server's hello and replay follow the upgrade at once.
    ws.textMessageHandler(text -> listener.onFrame(System.nanoTime(), new JsonObject(text)));
    return ws.connect(options).map(v -> new MeshSocket(client, ws));
  }

  static MeshSocket connect(WebSocketClient client, int port, String uri, Listener listener) {
    return Await.result(open(client, port, uri, listener), 20);
  }

  void input(String data) {
    ws.writeTextMessage(new JsonObject().put("type", "input").put("data", data).encode());
  }

  @Override
  public void close() {
    if (!ws.isClosed()) {
      ws.close();
    }
  }
}
