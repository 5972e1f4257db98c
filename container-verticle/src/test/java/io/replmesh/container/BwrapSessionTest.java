package io.replmesh.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A REPL under bwrap behaves like a REPL: runs code, sees its workspace as home. */
class BwrapSessionTest {
  @TempDir
  Path workspaces;
  private Vertx vertx;

  @BeforeEach
  void deploy() {
    BwrapTestSupport.requireBwrap();
    vertx = Vertx.vertx();
    BwrapTestSupport.deploy(vertx, workspaces);
  }

  @AfterEach
  void close() {
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  void pythonRunsCodeInItsWorkspace() {
    BwrapTestSupport.Repl repl = new BwrapTestSupport.Repl(vertx, "python");
    repl.await(0, ">>> ", Duration.ofSeconds(10));
    assertThat(repl.eval("6 * 7")).isEqualTo("42");
    assertThat(repl.eval("__import__('os').getcwd()")).isEqualTo("/workspace");
    assertThat(repl.eval("__import__('os').environ['HOME']")).isEqualTo("/workspace");
    assertThat(repl.eval("__import__('socket').gethostname()")).isEqualTo("sandbox");
    repl.close();
  }

  @Test
  void filesWrittenInTheSandboxLandInTheSessionsWorkspace() throws Exception {
    BwrapTestSupport.Repl repl = new BwrapTestSupport.Repl(vertx, "python");
    repl.await(0, ">>> ", Duration.ofSeconds(10));
    repl.eval("open('notes.txt', 'w').write('kept')");
    Path onHost = workspaces.resolve(repl.sessionId).resolve("notes.txt");
    assertThat(Files.readString(onHost)).isEqualTo("kept");
    assertThat((int) Files.getAttribute(onHost, "unix:uid")).isNotZero();
    repl.close();
  }

  @Test
  void bashRunsAsAnUnprivilegedUser() {
    BwrapTestSupport.Repl repl = new BwrapTestSupport.Repl(vertx, "bash");
    repl.await(0, "$ ", Duration.ofSeconds(10));
    String seen = repl.run("echo \"uid=$(id -u) in $PWD\"", "in /workspace\r\n");
    assertThat(seen).doesNotContain("uid=0 ");
    repl.close();
  }

  @Test
  void exitingReportsTheExitCode() throws Exception {
    BwrapTestSupport.Repl repl = new BwrapTestSupport.Repl(vertx, "python");
    repl.await(0, ">>> ", Duration.ofSeconds(10));
    repl.write("raise SystemExit(3)\n");
    assertThat(repl.awaitExit(Duration.ofSeconds(10)).getInteger("exitCode")).isEqualTo(3);
    assertThat(repl.awaitExit(Duration.ofSeconds(1)).getString("reason")).isEqualTo("exited");
  }
}
