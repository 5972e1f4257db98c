package io.replmesh.router;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP and websocket edge of a node: serves the web client, the REST API and the
 * session websockets, and forwards frames to each session's owner over the event bus. It
 * never runs user code. Any node's router can serve any session.
 *
 * <p>Configuration: {@code node}, {@code runtimes}, {@code http {host, port, maxBodyBytes,
 * maxFrameBytes, allowedOrigins, tls {certPath, keyPath}}}, {@code admission}. {@link #actualPort()} tells the port bound (useful with port 0).
 */
public final class RouterVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(RouterVerticle.class);
  private final JsonObject config;
  private HttpServer server;

  public RouterVerticle(JsonObject config) {
    this.config = config;
  }

  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    JsonObject http = config.getJsonObject("http", new JsonObject());
    int maxFrame = http.getInteger("maxFrameBytes", 65_536);
    HttpServerOptions options = new HttpServerOptions()
        .setHost(http.getString("host", "127.0.0.1"))
        .setPort(http.getInteger("port", 8080))
        .setMaxWebSocketFrameSize(maxFrame)
        // Vert.x drops a message over this size without a word; below it the bridges refuse
        // anything over maxFrameBytes with close code 1009, which a client can understand.
        .setMaxWebSocketMessageSize(4 * maxFrame)
        .setCompressionSupported(true);
    JsonObject tls = http.getJsonObject("tls", new JsonObject());
    if (tls.getString("certPath") != null) {
      // HTTPS and wss on the same port, from PEM files (e.g. a Kubernetes TLS secret).
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(tls.getString("certPath")).setKeyPath(tls.getString("keyPath")));
    }
    return vertx.createHttpServer(options)
        .requestHandler(ReplmeshRoutes.create(vertx, config))
        .listen()
        .onSuccess(s -> {
          server = s;
          log.info("node {} serving {}://{}:{}/", config.getString("node"), options.isSsl() ? "https" : "http",
              options.getHost(), s.actualPort());
        });
  }
}
