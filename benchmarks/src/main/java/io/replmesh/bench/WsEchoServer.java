package io.replmesh.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;

/**
 * The websocket floor: a bare Vert.x websocket server on loopback, in its own Vert.x with one
 * event loop, that answers each {@code input} frame with an {@code output} frame of the same
 * data, decoding and encoding JSON as the mesh's router does, and nothing else.
 */
final class WsEchoServer implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  private final HttpServer server;

  WsEchoServer() {
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .webSocketHandler(ws -> {
          long[] seq = {0};
          ws.textMessageHandler(text -> {
            JsonObject input = new JsonObject(text);
            ws.writeTextMessage(new JsonObject().put("type", "output").put("seq", ++seq[0])
                .put("data", input.getString("data")).encode());
          });
        });
    Await.result(server.listen(), 10);
  }

  int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    Await.result(vertx.close(), 10);
  }
}
