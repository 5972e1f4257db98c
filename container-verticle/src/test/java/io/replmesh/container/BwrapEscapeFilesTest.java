package io.replmesh.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Code in the sandbox cannot read or write the host's files or another session's. */
class BwrapEscapeFilesTest {
  @TempDir
  Path workspaces;
  private Vertx vertx;
  private BwrapTestSupport.Repl repl;

  @BeforeEach
  void deploy() {
    BwrapTestSupport.requireBwrap();
    vertx = Vertx.vertx();
    BwrapTestSupport.deploy(vertx, workspaces);
    repl = BwrapTestSupport.Repl.python(vertx);
  }

  @AfterEach
  void close() {
    if (vertx != null) {
      repl.close();
      vertx.close().await();
    }
  }

  @Test
  void cannotReadAFileInTheHostsTmp() throws Exception {
    Path secret = Files.createTempFile(Path.of("/tmp"), "replmesh-secret", ".txt");
    try {
      Files.writeString(secret, "host secret");
      assertThat(repl.attempt("open('" + secret + "').read()")).isEqualTo("FileNotFoundError");
      assertThat(repl.attempt("__import__('os').listdir('/tmp')")).isEqualTo("ok []");
    } finally {
      Files.delete(secret);
    }
  }

  @Test
  void cannotSeeTheNodesWorkingDirectory() {
    String nodeDir = System.getProperty("user.dir");
    assertThat(repl.attempt("__import__('os').listdir('" + nodeDir + "')")).isEqualTo("FileNotFoundError");
    assertThat(repl.attempt("__import__('os').listdir('" + workspaces + "')")).isEqualTo("FileNotFoundError");
  }

  @Test
  void cannotSeeOrWriteAnotherSessionsWorkspace() throws Exception {
    BwrapTestSupport.Repl other = BwrapTestSupport.Repl.python(vertx);
    try {
      assertThat(other.attempt("open('/workspace/mine.txt', 'w').write('other session')")).isEqualTo("ok 13");
      Path othersOnHost = workspaces.resolve(other.sessionId);
      assertThat(repl.attempt("__import__('os').listdir('/workspace')")).isEqualTo("ok []");
      assertThat(repl.attempt("open('" + othersOnHost.resolve("mine.txt") + "').read()")).isEqualTo("FileNotFoundError");
      assertThat(repl.attempt("open('" + othersOnHost.resolve("planted.txt") + "', 'w')")).isEqualTo("FileNotFoundError");
      assertThat(Files.list(othersOnHost).map(p -> p.getFileName().toString())).containsExactly("mine.txt");
    } finally {
      other.close();
    }
  }

  @Test
  void cannotWriteSystemDirectories() {
    assertThat(repl.attempt("open('/usr/planted', 'w')")).isIn("OSError", "PermissionError");
    assertThat(repl.attempt("open('/etc/planted', 'w')")).isIn("OSError", "PermissionError");
    assertThat(repl.attempt("open('/etc/passwd', 'a')")).isIn("OSError", "PermissionError");
    assertThat(Path.of("/usr/planted")).doesNotExist();
    assertThat(Path.of("/etc/planted")).doesNotExist();
  }

  @Test
  void cannotReadSecretsThatOnlyRootMayRead() {
    assertThat(repl.attempt("open('/etc/shadow').read()")).isEqualTo("PermissionError");
  }
}
