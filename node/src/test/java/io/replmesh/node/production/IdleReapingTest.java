package io.replmesh.node.production;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.node.TestNodes;
import io.replmesh.testkit.Api;
import io.replmesh.testkit.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A session nobody is in is stopped after the idle timeout; one with people in it stays. */
class IdleReapingTest {
  private Vertx vertx;
  private Api api;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    api = new Api(vertx, TestNodes.start(vertx,
        new JsonObject().put("session", new JsonObject().put("idleTimeoutMs", 800))).httpPort());
  }

  @AfterEach
  void stop() {
    api.close();
    vertx.close().await();
  }

  @Test
  void anEmptySessionIsReapedAndAnOccupiedOneIsNot() throws InterruptedException {
    JsonObject left = api.createSession("bash");
    JsonObject occupied = api.createSession("bash");
    try (TestSocket socket = api.join(occupied, occupied.getString("writeToken"), "stays")) {
      try (TestSocket leaver = api.join(left, left.getString("writeToken"), "leaves")) {
        leaver.awaitFrame("hello");
      }
      long deadline = System.currentTimeMillis() + 15_000;
      while (status(left) != 404 && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      assertThat(status(left)).isEqualTo(404);
      assertThat(status(occupied)).isEqualTo(200);
      socket.input("echo still-$((2+3))\r");
      socket.awaitOutput("still-5");
    }
  }

  private int status(JsonObject session) {
    return api.get("/api/v1/sessions/" + session.getString("id"), session.getString("readToken")).statusCode();
  }
}
