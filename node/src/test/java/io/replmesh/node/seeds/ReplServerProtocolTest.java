package io.replmesh.node.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.node.NodeTestBase;
import io.replmesh.testkit.Api;
import io.replmesh.testkit.TestSocket;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** repl-server's API (seed 001), driven with the messages exactly as the seed shows them. */
class ReplServerProtocolTest extends NodeTestBase {

  @Test
  void touchSetsAServiceCookieOnceAndKeepsIt() {
    var first = api.get("/touch", null);
    assertThat(first.statusCode()).isEqualTo(200);
    String cookie = first.cookies().get(0);
    assertThat(cookie).startsWith("replmesh_user=").containsIgnoringCase("HttpOnly");
    var again = api.send(HttpMethod.GET, "/sessions/touch", null, null, cookie.split(";")[0]);
    assertThat(again.cookies()).isEmpty();
  }

  @Test
  void usersShareANodeReplWithEvents() {
    String ada = cookie();
    String bob = cookie();
    String sessionId = api.send(HttpMethod.POST, "/sessions", null, null, ada).bodyAsJsonObject().getString("sessionId");
    assertThat(sessionId).matches("[A-Za-z0-9_-]{22,}");
    try (TestSocket a = connect(sessionId, ada); TestSocket b = connect(sessionId, bob)) {
      JsonObject bobJoined = a.awaitFrame(f -> "connectUser".equals(f.getString("type"))
          && !f.getJsonObject("data").getString("userId").equals(userId(a)));
      String bobId = bobJoined.getJsonObject("data").getString("userId");

      a.send(verb("registerAlias", new JsonObject().put("alias", "ada")));
      JsonObject renamed = b.awaitFrame("registerAlias").getJsonObject("data");
      assertThat(renamed.getString("newAlias")).isEqualTo("ada");

      a.send(verb("execute", new JsonObject().put("code", "const x = 40")));
      b.awaitFrame(f -> "executionSuccess".equals(f.getString("type")));
      b.send(verb("execute", new JsonObject().put("code", "function twice(n) {\n  return 2 * n\n}\nx + twice(1)")));
      JsonObject success = a.awaitFrame(f -> "executionSuccess".equals(f.getString("type"))
          && f.getJsonObject("data").getString("code").contains("twice")).getJsonObject("data");
      assertThat(success.getString("userId")).isEqualTo(bobId);
      assertThat(success.getString("result")).isEqualTo("42");

      a.send(verb("execute", new JsonObject().put("code", "nope.nothing")));
      JsonObject failure = b.awaitFrame("executionFailure").getJsonObject("data");
      assertThat(failure.getString("error")).isEqualTo("ReferenceError: nope is not defined");
      assertThat(failure.getString("code")).isEqualTo("nope.nothing");

      JsonArray active = api.get("/sessions/" + sessionId + "/activeUsers", null).bodyAsJsonArray();
      assertThat(active).hasSize(2);
      assertThat(active.getJsonObject(0).fieldNames()).containsExactlyInAnyOrder("userId", "alias");
    }
  }

  @Test
  void disconnectIsAnnouncedToTheOthers() {
    String sessionId = api.send(HttpMethod.POST, "/sessions", null, null, cookie()).bodyAsJsonObject().getString("sessionId");
    try (TestSocket stays = connect(sessionId, cookie())) {
      String leaverId;
      try (TestSocket leaves = connect(sessionId, cookie())) {
        leaverId = userId(leaves);
      }
      JsonObject gone = stays.awaitFrame("disconnectUser").getJsonObject("data");
      assertThat(gone.getString("userId")).isEqualTo(leaverId);
    }
  }

  @Test
  void withoutTheCookieTheSocketIsRefused() {
    String sessionId = api.send(HttpMethod.POST, "/sessions", null, null, cookie()).bodyAsJsonObject().getString("sessionId");
    assertThat(TestSocket.rejectionStatus(vertx, api.port(), "/sessions/" + sessionId)).isEqualTo(401);
    assertThat(api.get("/sessions/no-such-session/activeUsers", null).statusCode()).isEqualTo(404);
  }

  @Test
  void anotherRuntimeCanBeChosen() {
    String c = cookie();
    String sessionId = api.send(HttpMethod.POST, "/sessions?runtime=python", null, null, c).bodyAsJsonObject()
        .getString("sessionId");
    try (TestSocket s = connect(sessionId, c)) {
      s.send(verb("execute", new JsonObject().put("code", "6*7")));
      assertThat(s.awaitFrame("executionSuccess").getJsonObject("data").getString("result")).isEqualTo("42");
      s.send(new JsonObject().put("verb", "dance"));
      assertThat(s.awaitFrame("error").getJsonObject("data").getString("code")).isEqualTo("unknown_type");
    }
  }

  private static String cookie() {
    return api.get("/touch", null).cookies().get(0).split(";")[0];
  }

  private static TestSocket connect(String sessionId, String cookie) {
    return TestSocket.connect(vertx, new WebSocketConnectOptions().setHost("127.0.0.1").setPort(api.port())
        .setURI("/sessions/" + sessionId).addHeader("Cookie", cookie));
  }

  private static String userId(TestSocket socket) {
    return socket.awaitFrame("connectUser").getJsonObject("data").getString("userId");
  }

  private static JsonObject verb(String verb, JsonObject data) {
    return new JsonObject().put("verb", verb).put("data", data);
  }
}
