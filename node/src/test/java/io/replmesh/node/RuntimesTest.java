package io.replmesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.testkit.TestSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every configured runtime runs in a real PTY and evaluates an expression typed into it. */
class RuntimesTest extends NodeTestBase {

  @ParameterizedTest(name = "{0} evaluates {1}")
  @CsvSource(delimiter = '|', value = {
      "python | 6*7               | 42",
      "node   | 6*7               | 42",
      "ruby   | 6*7               | 42",
      "bash   | echo $((6*7))     | 42",
      "jshell | 6*7               | ==> 42",
  })
  void evaluatesAnExpression(String runtime, String expression, String expected) {
    JsonObject session = api.createSession(runtime);
    try (TestSocket socket = api.join(session, session.getString("writeToken"), "tester")) {
      assertThat(socket.awaitFrame("hello").getString("runtime")).isEqualTo(runtime);
      socket.input(expression + "\r");
      // The echo shows the expression; the result must appear after it.
      String out = socket.awaitOutput(expected);
      assertThat(out.substring(out.indexOf(expression.substring(0, 3)))).contains(expected);
    }
  }
}
