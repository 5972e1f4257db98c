package io.replmesh.session.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading results and errors out of real REPL transcripts (captured from python3, node and irb). */
class ReplDialectTest {
  private final ReplDialect python = ReplDialect.forRuntime("python", List.of("python3", "-i"));
  private final ReplDialect node = ReplDialect.forRuntime("node", List.of("node", "-i"));
  private final ReplDialect irb = ReplDialect.forRuntime("ruby", List.of("irb"));

  @Test
  void pythonBlocksAreClosedWithAnEmptyLineAsAPersonWouldType() {
    assertThat(python.lines("def f():\n  return 2\nf()")).containsExactly("def f():", "  return 2", "", "f()");
    assertThat(python.lines("for i in range(2):\n  print(i)")).containsExactly("for i in range(2):", "  print(i)", "");
    assertThat(python.lines("if x:\n  a = 1\nelse:\n  a = 2")).containsExactly("if x:", "  a = 1", "else:", "  a = 2", "");
    assertThat(python.lines("def f():\n  return 2\n\n\nf()")).containsExactly("def f():", "  return 2", "", "f()");
  }

  @Test
  void pythonResultWithoutEchoAndPrompts() {
    List<String> typed = python.lines("def f():\n  return 2\nf()");
    String transcript = ">>> def f():\r\n...   return 2\r\n... \r\n>>> f()\r\n2\r\n>>> ";
    assertThat(python.finished(transcript, typed)).isTrue();
    assertThat(python.outcome(transcript, typed)).isEqualTo(new ReplDialect.Outcome(true, "2", null));
  }

  @Test
  void aSingleExpressionGivesItsValue() {
    assertThat(python.outcome("6*7\r\n42\r\n>>> ", python.lines("6*7")).result()).isEqualTo("42");
  }

  @Test
  void aLineTypedBeforeThePromptIsEchoedTwiceAndStillRemoved() {
    assertThat(python.outcome("6*7\r\n>>> 6*7\r\n42\r\n>>> ", python.lines("6*7")).result()).isEqualTo("42");
  }

  @Test
  void theReplIsAtItsPromptOnlyWhenItsOutputEndsThere() {
    assertThat(python.atPrompt("Python 3.11\r\n>>> ")).isTrue();
    assertThat(python.atPrompt(">>> while True: pass\r\n")).isFalse();
  }

  @Test
  void pythonTracebackIsAFailureWithTheErrorLine() {
    List<String> typed = python.lines("y");
    String transcript = "y\r\nTraceback (most recent call last):\r\n  File \"<stdin>\", line 1, in <module>\r\n"
        + "NameError: name 'y' is not defined\r\n>>> ";
    assertThat(python.outcome(transcript, typed).error()).isEqualTo("NameError: name 'y' is not defined");
  }

  @Test
  void nodeUncaughtErrorIsAFailure() {
    List<String> typed = node.lines("y");
    String transcript = "y\r\nUncaught ReferenceError: y is not defined\r\n> ";
    assertThat(node.finished(transcript, typed)).isTrue();
    assertThat(node.outcome(transcript, typed).error()).isEqualTo("ReferenceError: y is not defined");
    assertThat(node.outcome("1+1\r\n2\r\n> ", node.lines("1+1")).result()).isEqualTo("2");
  }

  @Test
  void irbErrorsCarryTheirMessageWithoutTerminalColours() {
    List<String> typed = irb.lines("y");
    String transcript = "y\r\n(irb):1:in `<main>': \u001B[1mundefined local variable or method `y' for main:Object "
        + "(\u001B[1;4mNameError\u001B[m\u001B[1m)\u001B[m\r\n\tfrom /usr/bin/irb:25:in `<main>'\r\nirb(main):002:0> ";
    assertThat(irb.outcome(transcript, typed).error())
        .isEqualTo("undefined local variable or method `y' for main:Object (NameError)");
  }

  @Test
  void notFinishedWhileTheSnippetRuns() {
    List<String> typed = python.lines("import time\ntime.sleep(5)");
    assertThat(python.finished(">>> import time\r\n>>> time.sleep(5)\r\n", typed)).isFalse();
    assertThat(python.finished("import time\r\n>>> ", typed)).isFalse();
  }
}
