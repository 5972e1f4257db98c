package io.replmesh.node;

import io.replmesh.testkit.Api;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One real node per test class, reached through real HTTP and websocket clients. */
public abstract class NodeTestBase {
  protected static Vertx vertx;
  protected static ReplmeshNode node;
  protected static Api api;

  @BeforeAll
  static void startNode() {
    vertx = Vertx.vertx();
    node = TestNodes.start(vertx);
    api = new Api(vertx, node.httpPort());
  }

  @AfterAll
  static void stopNode() {
    api.close();
    vertx.close().await();
  }
}
