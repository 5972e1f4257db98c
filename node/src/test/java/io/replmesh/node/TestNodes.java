package io.replmesh.node;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.UUID;

/**
 * Starts a real node in a test's Vert.x: the packaged defaults, an ephemeral loopback
 * port, a fresh workspace root and a unique name. The sandbox is the default, {@code auto}
 * (bubblewrap where it works), unless {@code REPLMESH_TEST_SANDBOX} names another; CI names
 * {@code bwrap} so that a broken sandbox fails instead of falling back.
 */
public final class TestNodes {
  private TestNodes() {}

  public static ReplmeshNode start(Vertx vertx) {
    return start(vertx, new JsonObject());
  }

  public static ReplmeshNode start(Vertx vertx, JsonObject overrides) {
    try {
      JsonObject config = NodeConfig.defaults();
      config.put("node", "test-" + UUID.randomUUID().toString().substring(0, 8));
      config.put("workspaceRoot", Files.createTempDirectory("replmesh-ws").toString());
      config.getJsonObject("http").put("host", "127.0.0.1").put("port", 0);
      config.getJsonObject("sandbox").put("type", System.getenv().getOrDefault("REPLMESH_TEST_SANDBOX", "auto"));
      config.mergeIn(overrides, true);
      return ReplmeshNode.start(vertx, NodeConfig.complete(config)).await();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
