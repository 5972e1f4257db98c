package io.replmesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.testkit.Api;
import io.replmesh.testkit.TestSocket;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

/** Every bad input gets a clear JSON error or error frame, and nothing breaks. */
class ErrorsTest extends NodeTestBase {

  @Test
  void unknownSessionIs404() {
    assertError(api.get("/api/v1/sessions/nope-nope-nope", "some-token"), 404, "session_not_found");
    assertError(api.get("/api/v1/sessions/bad%2Fid", "t"), 404, "session_not_found");
  }

  @Test
  void unknownOrMissingRuntimeIs400() {
    assertError(api.send(HttpMethod.POST, "/api/v1/sessions", null, new JsonObject().put("runtime", "cobol")),
        400, "unknown_runtime");
    assertError(api.send(HttpMethod.POST, "/api/v1/sessions", null, new JsonObject()), 400, "unknown_runtime");
    assertError(api.send(HttpMethod.POST, "/api/v1/sessions", null, "not json"), 400, "bad_request");
  }

  @Test
  void missingTokenIs401AndWrongTokenIs403() {
    JsonObject s = api.createSession("bash");
    String path = "/api/v1/sessions/" + s.getString("id");
    assertError(api.get(path, null), 401, "missing_token");
    assertError(api.get(path, "wrong"), 403, "forbidden");
    assertThat(api.get(path + "?token=" + s.getString("readToken"), null).statusCode()).isEqualTo(200);
    assertError(api.send(HttpMethod.DELETE, path, null, null), 401, "missing_token");
  }

  @Test
  void websocketUpgradeIsRefusedWithTheRightStatus() {
    JsonObject s = api.createSession("bash");
    String id = s.getString("id");
    assertThat(TestSocket.rejectionStatus(vertx, api.port(), Api.wsUri(id, null, null, null))).isEqualTo(401);
    assertThat(TestSocket.rejectionStatus(vertx, api.port(), Api.wsUri(id, "wrong", null, null))).isEqualTo(403);
    assertThat(TestSocket.rejectionStatus(vertx, api.port(), Api.wsUri("no-such-session", "t", null, null)))
        .isEqualTo(404);
    assertThat(TestSocket.rejectionStatus(vertx, api.port(), Api.wsUri(id, s.getString("readToken"), null, null)))
        .isEqualTo(-1);
  }

  @Test
  void badFramesGetErrorFramesAndTheSocketStaysUsable() {
    JsonObject s = api.createSession("bash");
    try (TestSocket socket = api.join(s, s.getString("writeToken"), "me")) {
      socket.sendText("this is not json");
      socket.sendText("[1,2,3]");
      socket.send(new JsonObject().put("no", "type"));
      socket.send(new JsonObject().put("type", "launch-missiles"));
      socket.send(new JsonObject().put("type", "input").put("data", 42));
      socket.send(new JsonObject().put("type", "resize").put("cols", -1).put("rows", 99999));
      assertThat(socket.awaitFrames("error", 6)).extracting(f -> f.getString("code"))
          .containsExactlyInAnyOrder("bad_frame", "bad_frame", "bad_frame", "unknown_type", "bad_frame", "bad_frame");
      socket.input("echo still-$((40+2))\r");
      socket.awaitOutput("still-42");
    }
  }

  @Test
  void unknownApiPathIsAJson404() {
    assertError(api.get("/api/v1/nothing-here", null), 404, "not_found");
  }

  private static void assertError(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).isEqualTo(status);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("code")).isEqualTo(code);
    assertThat(body.getString("message")).isNotBlank();
  }
}
