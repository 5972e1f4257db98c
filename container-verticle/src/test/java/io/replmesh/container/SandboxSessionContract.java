package io.replmesh.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.protocol.Actions;
import io.replmesh.protocol.Addresses;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A REPL in a sandbox behaves like a REPL in a plain terminal: runs code, sees its workspace as
 * home, is interrupted by Ctrl-C (its code, not the sandbox around it) and follows a resize.
 */
abstract class SandboxSessionContract extends SandboxSuite {
  SandboxRepl repl;

  /** Asserts what shows the REPL runs in this backend's sandbox and not straight on the host. */
  abstract void assertInsideTheSandbox(SandboxRepl repl);

  @BeforeEach
  void spawnPython() {
    repl = node.python();
  }

  @Test
  void pythonRunsCodeInItsWorkspace() {
    assertThat(repl.run("6*7", ">>> ")).contains("42\r\n");
    assertThat(repl.eval("6 * 7")).isEqualTo("42");
    assertThat(repl.eval("__import__('os').getcwd()")).isEqualTo("/workspace");
    assertThat(repl.eval("__import__('os').environ['HOME']")).isEqualTo("/workspace");
    assertInsideTheSandbox(repl);
  }

  @Test
  void filesWrittenInTheSandboxLandInTheSessionsWorkspace() throws Exception {
    repl.eval("open('notes.txt', 'w').write('kept')");
    Path onHost = workspaces.resolve(repl.sessionId).resolve("notes.txt");
    assertThat(Files.readString(onHost)).isEqualTo("kept");
    assertThat((int) Files.getAttribute(onHost, "unix:uid")).isNotZero();
  }

  @Test
  void bashRunsAsAnUnprivilegedUser() {
    SandboxRepl bash = node.spawn("bash");
    bash.awaitStart("$ ");
    String seen = bash.run("echo \"uid=$(id -u) in $PWD\"", "in /workspace\r\n");
    assertThat(seen).doesNotContain("uid=0 ");
  }

  @Test
  void exitingReportsTheExitCode() throws Exception {
    repl.write("raise SystemExit(3)\n");
    assertThat(repl.awaitExit(node.backend.patience()).getInteger("exitCode")).isEqualTo(3);
    assertThat(repl.awaitExit(Duration.ofSeconds(1)).getString("reason")).isEqualTo("exited");
  }

  @Test
  void ctrlCInterruptsAnEndlessLoopAndTheReplLivesOn() {
    int from = repl.mark();
    repl.write("while True: pass\n\n");
    SandboxRepl.sleep(300);
    long start = System.nanoTime();
    repl.write("\u0003");
    repl.await(from, "KeyboardInterrupt", Duration.ofSeconds(5));
    System.out.printf("%s: Ctrl-C to KeyboardInterrupt: %.1f ms%n", node.backend.name(), (System.nanoTime() - start) / 1e6);
    assertThat(repl.eval("6 * 7")).isEqualTo("42");
    assertThat(repl.run("print('still here')", "still here\r\n")).contains("still here");
  }

  @Test
  void aResizeReachesTheRepl() {
    node.vertx.eventBus().send(Addresses.process(repl.processId), new JsonObject().put("cols", 100).put("rows", 30),
        new DeliveryOptions().addHeader(Actions.HEADER, Actions.WINSIZE));
    // Docker's CLI passes the new size on to the container's terminal through the daemon: not at once.
    String size = "";
    for (int i = 0; i < 50 && !size.equals("(100, 30)"); i++) {
      SandboxRepl.sleep(100);
      size = repl.eval("tuple(__import__('os').get_terminal_size())");
    }
    assertThat(size).isEqualTo("(100, 30)");
  }
}
