package io.replmesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.testkit.TestSocket;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Files given through the API land in the workspace, where the REPL can import them. */
class WorkspaceFilesTest extends NodeTestBase {

  @Test
  void filesGivenAtCreationAreImportable() {
    JsonObject created = api.send(HttpMethod.POST, "/api/v1/sessions", null, new JsonObject()
        .put("runtime", "python")
        .put("files", new JsonObject().put("kata/fizz.py", "def fizz(n):\n    return 'Fizz' if n % 3 == 0 else str(n)\n")
            .put("kata/__init__.py", ""))).bodyAsJsonObject();
    try (TestSocket socket = api.join(created, created.getString("writeToken"), "me")) {
      socket.input("from kata.fizz import fizz; print(fizz(9) + fizz(4))\r");
      socket.awaitOutput("Fizz4");
    }
  }

  @Test
  void filesAddedLaterReplaceAndExtendTheWorkspace() {
    JsonObject s = api.createSession("python");
    String path = "/api/v1/sessions/" + s.getString("id") + "/files";
    JsonObject body = new JsonObject().put("files", new JsonObject().put("answer.py", "value = 42\n"));
    assertThat(api.send(HttpMethod.PUT, path, s.getString("readToken"), body).statusCode()).isEqualTo(403);
    var response = api.send(HttpMethod.PUT, path, s.getString("writeToken"), body);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getJsonArray("files")).containsExactly("answer.py");
    try (TestSocket socket = api.join(s, s.getString("writeToken"), "me")) {
      socket.input("import answer; print(answer.value * 2)\r");
      socket.awaitOutput("84");
    }
  }

  @Test
  void pathsOutsideTheWorkspaceAreRefused() {
    JsonObject s = api.createSession("bash");
    String path = "/api/v1/sessions/" + s.getString("id") + "/files";
    for (String bad : new String[] {"../escape.txt", "/etc/passwd", "a/../../b", "~/x"}) {
      var response = api.send(HttpMethod.PUT, path, s.getString("writeToken"),
          new JsonObject().put("files", new JsonObject().put(bad, "x")));
      assertThat(response.statusCode()).as(bad).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("bad_path");
    }
    var create = api.send(HttpMethod.POST, "/api/v1/sessions", null,
        new JsonObject().put("runtime", "bash").put("files", new JsonObject().put("../x", "y")));
    assertThat(create.statusCode()).isEqualTo(400);
  }

  @Test
  void aLinkPlantedByTheReplIsNotFollowed() {
    JsonObject s = api.createSession("bash");
    try (TestSocket socket = api.join(s, s.getString("writeToken"), "me")) {
      socket.input("ln -s /tmp out && echo lin$((1))ked\r");
      socket.awaitOutput("lin1ked");
    }
    var response = api.send(HttpMethod.PUT, "/api/v1/sessions/" + s.getString("id") + "/files",
        s.getString("writeToken"), new JsonObject().put("files", new JsonObject().put("out/planted.txt", "x")));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getString("code")).isEqualTo("bad_path");
  }
}
