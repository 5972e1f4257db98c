package io.replmesh.node.production;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.node.TestNodes;
import io.replmesh.testkit.Api;
import io.replmesh.testkit.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the edge refuses before anything reaches a session: foreign origins, huge frames, too many creations, a full node. */
class EdgeGuardsTest {
  private Vertx vertx;
  private Api api;

  private void start(JsonObject overrides) {
    vertx = Vertx.vertx();
    api = new Api(vertx, TestNodes.start(vertx, overrides).httpPort());
  }

  @AfterEach
  void stop() {
    api.close();
    vertx.close().await();
  }

  @Test
  void websocketsFromAForeignOriginAreRefused() {
    start(new JsonObject().put("http", new JsonObject().put("allowedOrigins", new JsonArray().add("https://katas.example"))));
    JsonObject s = api.createSession("bash");
    String uri = Api.wsUri(s.getString("id"), s.getString("writeToken"), null, null);
    assertThat(statusWithOrigin(uri, "https://evil.example")).isEqualTo(403);
    assertThat(statusWithOrigin(uri, "http://127.0.0.1:" + api.port())).isEqualTo(-1);
    assertThat(statusWithOrigin(uri, "https://katas.example")).isEqualTo(-1);
    assertThat(statusWithOrigin(uri, null)).isEqualTo(-1);
  }

  @Test
  void anOversizedFrameClosesTheSocketAndNothingElse() {
    start(new JsonObject());
    JsonObject s = api.createSession("bash");
    try (TestSocket big = api.join(s, s.getString("writeToken"), "big");
         TestSocket other = api.join(s, s.getString("writeToken"), "other")) {
      big.input("x".repeat(200_000));
      assertThat(big.awaitClose()).isEqualTo((short) 1009);
      other.input("echo fine-$((1+1))\r");
      other.awaitOutput("fine-2");
    }
  }

  @Test
  void sessionCreationIsRateLimitedPerClient() {
    start(new JsonObject().put("admission", new JsonObject().put("createsPerClientPerMinute", 3)));
    for (int i = 0; i < 3; i++) {
      api.createSession("bash");
    }
    var refused = api.send(HttpMethod.POST, "/api/v1/sessions", null, new JsonObject().put("runtime", "bash"));
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("rate_limited");
    assertThat(refused.getHeader("Retry-After")).isEqualTo("60");
  }

  @Test
  void aFullNodeSaysSo() {
    start(new JsonObject().put("admission", new JsonObject().put("maxSessionsPerNode", 2)));
    api.createSession("bash");
    api.createSession("bash");
    var refused = api.send(HttpMethod.POST, "/api/v1/sessions", null, new JsonObject().put("runtime", "bash"));
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("at_capacity");
  }

  private int statusWithOrigin(String uri, String origin) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(api.port()).setURI(uri);
    if (origin != null) {
      options.addHeader("Origin", origin);
    }
    try {
      TestSocket.connect(vertx, options).close();
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
}
