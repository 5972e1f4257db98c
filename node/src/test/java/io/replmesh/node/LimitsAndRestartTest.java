package io.replmesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.testkit.Api;
import io.replmesh.testkit.Requirements;
import io.replmesh.testkit.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * When a sandbox limit kills a REPL the session says why, and the write link can restart it.
 * Needs the bwrap sandbox with cgroups (this node is started with it explicitly).
 */
class LimitsAndRestartTest {
  private static Vertx vertx;
  private static Api api;

  @BeforeAll
  static void startNode() {
    vertx = Vertx.vertx();
    ReplmeshNode node;
    try {
      node = TestNodes.start(vertx, new JsonObject().put("sandbox", new JsonObject().put("type", "bwrap"))
          .put("limits", new JsonObject().put("memoryMb", 96)));
    } catch (RuntimeException e) {
      Requirements.require(false, "a working bubblewrap sandbox (" + e.getMessage() + ")");
      throw e;
    }
    api = new Api(vertx, node.httpPort());
  }

  @AfterAll
  static void stopNode() {
    if (api != null) {
      api.close();
    }
    vertx.close().await();
  }

  @Test
  void aMemoryBombEndsWithItsReasonAndTheSessionRestarts() {
    JsonObject s = api.createSession("python");
    String id = s.getString("id");
    try (TestSocket socket = api.join(s, s.getString("writeToken"), "me")) {
      socket.input("hog = []\r");
      socket.input("while True: hog.append(bytearray(8 << 20))\r\r");
      JsonObject exited = socket.awaitFrame(f -> "exited".equals(f.getString("state")));
      assertThat(exited.getString("reason")).isEqualTo("memory_limit");
      assertThat(api.get("/api/v1/sessions/" + id, s.getString("readToken")).bodyAsJsonObject().getString("reason"))
          .isEqualTo("memory_limit");

      assertThat(api.send(HttpMethod.POST, "/api/v1/sessions/" + id + "/restart", s.getString("readToken"), null)
          .statusCode()).isEqualTo(403);
      assertThat(api.send(HttpMethod.POST, "/api/v1/sessions/" + id + "/restart", s.getString("writeToken"), null)
          .statusCode()).isEqualTo(200);
      // The state at join came in hello: the first 'running' frame is the restart's.
      socket.awaitFrame(f -> "running".equals(f.getString("state")));
      socket.input("print('back' + 'again')\r");
      socket.awaitOutput("backagain");
    }
  }
}
