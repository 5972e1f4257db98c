package io.replmesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.testkit.TestSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The native 'execute' frame: a snippet runs in the shared REPL and everyone gets its outcome. */
class ExecuteFrameTest extends NodeTestBase {

  @Test
  void everyParticipantSeesTheResultAndStatePersists() {
    JsonObject s = api.createSession("python");
    try (TestSocket ada = api.join(s, s.getString("writeToken"), "ada");
         TestSocket bob = api.join(s, s.getString("readToken"), "bob")) {
      ada.send(new JsonObject().put("type", "execute").put("code", "base = 40"));
      ada.awaitFrame("executed");
      ada.send(new JsonObject().put("type", "execute").put("code", "def plus(n):\n    return base + n\n\nplus(2)"));
      JsonObject executed = bob.awaitFrame(f -> "executed".equals(f.getString("type")) && f.getString("code").contains("plus"));
      assertThat(executed.getBoolean("ok")).as(executed.encode()).isTrue();
      assertThat(executed.getString("result")).isEqualTo("42");
      assertThat(executed.getString("userId")).isEqualTo(ada.awaitFrame("hello").getString("userId"));
      assertThat(bob.output()).contains("plus(2)");
    }
  }

  @Test
  void anUncaughtErrorIsAFailureWithItsMessage() {
    JsonObject s = api.createSession("ruby");
    try (TestSocket me = api.join(s, s.getString("writeToken"), "me")) {
      me.send(new JsonObject().put("type", "execute").put("code", "no_such_thing"));
      JsonObject executed = me.awaitFrame("executed");
      assertThat(executed.getBoolean("ok")).isFalse();
      assertThat(executed.getString("error")).contains("undefined local variable or method").contains("NameError");
    }
  }

  @Test
  void readersCannotExecute() {
    JsonObject s = api.createSession("python");
    try (TestSocket reader = api.join(s, s.getString("readToken"), "r")) {
      reader.send(new JsonObject().put("type", "execute").put("code", "1"));
      assertThat(reader.awaitFrame("error").getString("code")).isEqualTo("read_only");
    }
  }
}
