package io.replmesh.node;

import io.replmesh.container.ContainerVerticle;
import io.replmesh.container.Sandbox;
import io.replmesh.container.Sandboxes;
import io.replmesh.router.RouterVerticle;
import io.replmesh.session.SessionHostVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole replmesh node in one Vert.x instance: the container-verticle, the session host
 * and the router-verticle, deployed in that order so that each is ready before anything
 * can call it. {@link #main} runs one from the environment; {@link #start} embeds one.
 */
public final class ReplmeshNode {
  private static final Logger log = LoggerFactory.getLogger(ReplmeshNode.class);

  private final Vertx vertx;
  private final JsonObject config;
  private final RouterVerticle router;

  private ReplmeshNode(Vertx vertx, JsonObject config, RouterVerticle router) {
    this.vertx = vertx;
    this.config = config;
    this.router = router;
  }

  public static void main(String[] args) {
    JsonObject config = NodeConfig.load(System.getenv());
    Vertx vertx = Vertx.vertx();
    start(vertx, config).onFailure(e -> {
      log.error("node failed to start", e);
      vertx.close().onComplete(v -> System.exit(1));
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
  }

  /**
   * Deploys a node's verticles into {@code vertx}. {@code config} is a complete node
   * configuration, e.g. {@link NodeConfig#load} or {@link NodeConfig#defaults} with changes
   * passed through {@link NodeConfig#complete}.
   */
  public static Future<ReplmeshNode> start(Vertx vertx, JsonObject config) {
    Sandbox sandbox = Sandboxes.fromConfig(config);
    JsonObject http = config.getJsonObject("http");
    if (!sandbox.isolated()) {
      log.warn("""

          ************************************************************************
          *  UNSANDBOXED: sandbox '{}' runs REPLs as this node's own user, with  *
          *  its rights. Anyone who can open a session can run anything here.    *
          *  For development only. {}
          ************************************************************************""",
          sandbox.name(), http.getString("host") == null ? "Binding to loopback only." : "");
    }
    if (http.getString("host") == null) {
      http.put("host", sandbox.isolated() ? "0.0.0.0" : "127.0.0.1");
    }
    RouterVerticle router = new RouterVerticle(config);
    return vertx.deployVerticle(new ContainerVerticle(config, sandbox))
        .compose(id -> vertx.deployVerticle(new SessionHostVerticle(config)))
        .compose(id -> vertx.deployVerticle(router))
        .map(id -> new ReplmeshNode(vertx, config, router));
  }

  public String name() {
    return config.getString("node");
  }

  public int httpPort() {
    return router.actualPort();
  }

  public JsonObject config() {
    return config;
  }

  public Vertx vertx() {
    return vertx;
  }
}
