package io.replmesh.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.testkit.TestSocket;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Any node's router serves any session, wherever it lives; new sessions spread over the nodes. */
class CrossNodeRoutingTest {
  private static TestCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = TestCluster.start(3);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    cluster.close();
  }

  @Test
  void sessionsCreatedThroughOneNodeAreSpreadOverTheCluster() {
    Set<String> owners = new HashSet<>();
    for (int i = 0; i < 6; i++) {
      owners.add(cluster.api("n1").createSession("bash").getString("node"));
    }
    assertThat(owners).containsExactlyInAnyOrder("n1", "n2", "n3");
  }

  @Test
  void socketsOnEveryNodeShareASessionOwnedByOne() {
    JsonObject s = cluster.api("n1").createSession("python");
    String owner = s.getString("node");
    try (TestSocket a = cluster.api("n1").join(s, s.getString("writeToken"), "on-n1");
         TestSocket b = cluster.api("n2").join(s, s.getString("writeToken"), "on-n2");
         TestSocket c = cluster.api("n3").join(s, s.getString("readToken"), "on-n3")) {
      a.input("print('from' + ' n1')\r");
      b.awaitOutput("from n1");
      c.awaitOutput("from n1");
      b.input("print('from' + ' n2')\r");
      a.awaitOutput("from n2");
      c.input("print('nope')\r");
      assertThat(c.awaitFrame("error").getString("code")).isEqualTo("read_only");
      assertThat(a.awaitFrame(f -> "joined".equals(f.getString("type")) && "on-n3".equals(f.getString("alias"))))
          .isNotNull();
    }
    for (String node : cluster.nodes.keySet()) {
      assertThat(cluster.ownerOf(node, s)).as("owner as %s sees it", node).isEqualTo(owner);
    }
  }

  @Test
  void aSessionKeyHoldsClusterWide() {
    JsonObject request = new JsonObject().put("runtime", "bash").put("key", "kata-" + System.nanoTime() + "/owl");
    var first = cluster.api("n1").send(HttpMethod.POST, "/api/v1/sessions", null, request);
    var second = cluster.api("n2").send(HttpMethod.POST, "/api/v1/sessions", null, request);
    var third = cluster.api("n3").send(HttpMethod.POST, "/api/v1/sessions", null, request);
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(third.statusCode()).isEqualTo(200);
    assertThat(second.bodyAsJsonObject().getString("id")).isEqualTo(first.bodyAsJsonObject().getString("id"));
    assertThat(third.bodyAsJsonObject().getString("id")).isEqualTo(first.bodyAsJsonObject().getString("id"));
  }

  @Test
  void aFurtherLinkUploadOnOneNodeRunsThroughAnother() {
    JsonObject upload = new JsonObject().put("name", "shared").put("files", new JsonObject()
        .put("main.py", new JsonObject().put("type", "text").put("content", "print('from' + ' upload')")));
    assertThat(cluster.api("n1").send(HttpMethod.POST, "/upload", null, upload).statusCode()).isEqualTo(200);
    try (TestSocket ws = TestSocket.connect(cluster.vertx, cluster.node("n2").httpPort, "/run")) {
      ws.send(new JsonObject().put("type", "start").put("process", "1")
          .put("data", new JsonObject().put("runner", "python3").put("path", "shared/main.py")));
      assertThat(ws.awaitFrame("stopped").getJsonObject("data").getInteger("exitCode")).isZero();
      StringBuilder out = new StringBuilder();
      ws.frames().stream().filter(f -> "stdout".equals(f.getString("type")))
          .forEach(f -> out.append(f.getJsonObject("data").getString("output")));
      assertThat(out.toString()).isEqualTo("from upload\n");
    }
  }

  @Test
  void errorsAreTheSameAsOnOneNode() {
    JsonObject s = cluster.api("n1").createSession("bash");
    String path = "/api/v1/sessions/" + s.getString("id");
    for (String node : cluster.nodes.keySet()) {
      assertThat(cluster.api(node).get(path, "wrong").statusCode()).isEqualTo(403);
      assertThat(cluster.api(node).get("/api/v1/sessions/unknown-session", "t").statusCode()).isEqualTo(404);
    }
  }
}
