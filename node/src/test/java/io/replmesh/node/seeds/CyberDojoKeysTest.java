package io.replmesh.node.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.node.NodeTestBase;
import io.replmesh.testkit.Api;
import io.replmesh.testkit.TestSocket;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** cyber-dojo (seed 000): one REPL per kata/animal pair, found again by its key, with the user's code importable. */
class CyberDojoKeysTest extends NodeTestBase {

  @Test
  void theSameKeyReturnsTheLiveSessionUntilItIsDeleted() {
    JsonObject request = new JsonObject().put("runtime", "python").put("key", "kata-5Fx3/lion")
        .put("files", new JsonObject().put("hiker.py", "def answer():\n    return 6 * 7\n"));
    var first = api.send(HttpMethod.POST, "/api/v1/sessions", null, request);
    assertThat(first.statusCode()).isEqualTo(201);
    JsonObject created = first.bodyAsJsonObject();

    var again = api.send(HttpMethod.POST, "/api/v1/sessions", null, request);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getString("id")).isEqualTo(created.getString("id"));
    assertThat(again.bodyAsJsonObject().getString("writeToken")).isEqualTo(created.getString("writeToken"));

    var otherAnimal = api.send(HttpMethod.POST, "/api/v1/sessions", null, request.copy().put("key", "kata-5Fx3/tiger"));
    assertThat(otherAnimal.statusCode()).isEqualTo(201);
    assertThat(otherAnimal.bodyAsJsonObject().getString("id")).isNotEqualTo(created.getString("id"));

    try (TestSocket socket = api.join(created, created.getString("writeToken"), "lion")) {
      socket.input("from hiker import answer; print(answer())\r");
      socket.awaitOutput("42");
    }

    assertThat(api.send(HttpMethod.DELETE, "/api/v1/sessions/" + created.getString("id"), created.getString("writeToken"),
        null).statusCode()).isEqualTo(204);
    var afterDelete = api.send(HttpMethod.POST, "/api/v1/sessions", null, request);
    assertThat(afterDelete.statusCode()).isEqualTo(201);
    assertThat(afterDelete.bodyAsJsonObject().getString("id")).isNotEqualTo(created.getString("id"));
  }

  @Test
  void aBadKeyIsRefused() {
    var response = api.send(HttpMethod.POST, "/api/v1/sessions", null,
        new JsonObject().put("runtime", "python").put("key", 42));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("bad_request");
  }
}
