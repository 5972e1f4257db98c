package io.replmesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.testkit.TestSocket;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Controlling the REPL: interrupt, resize, exit, and deleting the session. */
class ControlTest extends NodeTestBase {

  @Test
  void ctrlCInterruptsABusyLoop() {
    JsonObject s = api.createSession("python");
    try (TestSocket socket = api.join(s, s.getString("writeToken"), "me")) {
      socket.awaitOutput(">>> ");
      socket.input("while True: pass\r\r");
      socket.input("\u0003");
      socket.awaitOutput("KeyboardInterrupt");
      socket.input("print('still' + 'alive')\r");
      socket.awaitOutput("stillalive");
    }
  }

  @Test
  void resizeReachesThePseudoTerminal() {
    JsonObject s = api.createSession("bash");
    try (TestSocket socket = api.join(s, s.getString("writeToken"), "me")) {
      socket.send(new JsonObject().put("type", "resize").put("cols", 101).put("rows", 37));
      socket.input("stty size\r");
      socket.awaitOutput("37 101");
    }
  }

  @Test
  void exitOfTheReplIsReportedWithItsCode() {
    JsonObject s = api.createSession("bash");
    try (TestSocket socket = api.join(s, s.getString("writeToken"), "me")) {
      socket.input("exit 3\r");
      JsonObject state = socket.awaitFrame(f -> "state".equals(f.getString("type")) && "exited".equals(f.getString("state")));
      assertThat(state.getInteger("exitCode")).isEqualTo(3);
      socket.input("echo hi\r");
      assertThat(socket.awaitFrame("error").getString("code")).isEqualTo("not_running");
    }
  }

  @Test
  void deleteEndsTheProcessAndClosesEverySocket() {
    JsonObject s = api.createSession("python");
    String path = "/api/v1/sessions/" + s.getString("id");
    try (TestSocket a = api.join(s, s.getString("writeToken"), "a");
         TestSocket b = api.join(s, s.getString("readToken"), "b")) {
      a.awaitFrame("hello");
      b.awaitFrame("hello");
      assertThat(api.send(HttpMethod.DELETE, path, s.getString("readToken"), null).statusCode()).isEqualTo(403);
      assertThat(api.send(HttpMethod.DELETE, path, s.getString("writeToken"), null).statusCode()).isEqualTo(204);
      a.awaitClose();
      b.awaitClose();
      assertThat(b.awaitFrame("state").getString("state")).isEqualTo("closed");
    }
    assertThat(api.get(path, s.getString("writeToken")).statusCode()).isEqualTo(404);
  }
}
