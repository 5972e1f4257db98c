package io.replmesh.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container sees its own workspace and the read-only system, and no other file of the host. */
class DockerEscapeFilesTest {
  @TempDir
  Path workspaces;
  private Vertx vertx;
  private DockerTestSupport.Repl repl;

  @BeforeEach
  void deploy() {
    DockerTestSupport.requireDocker();
    vertx = Vertx.vertx();
    DockerTestSupport.deploy(vertx, workspaces);
    repl = DockerTestSupport.Repl.python(vertx);
  }

  @AfterEach
  void close() {
    if (vertx != null) {
      repl.close();
      vertx.close().await();
    }
  }

  @Test
  void aFileInTheHostsTmpIsInvisible() throws Exception {
    Path secret = Files.createTempFile(Path.of("/tmp"), "replmesh-secret", ".txt");
    try {
      assertThat(repl.attempt("open('" + secret + "').read()")).isEqualTo("FileNotFoundError");
    } finally {
      Files.delete(secret);
    }
  }

  @Test
  void theNodesOwnDirectoryIsInvisible() {
    String nodeDir = Path.of("").toAbsolutePath().toString();
    assertThat(repl.attempt("__import__('os').listdir('" + nodeDir + "')")).isEqualTo("FileNotFoundError");
    assertThat(repl.attempt("__import__('os').listdir('/work')")).isEqualTo("FileNotFoundError");
  }

  @Test
  void anotherSessionsWorkspaceIsInvisible() throws Exception {
    DockerTestSupport.Repl other = DockerTestSupport.Repl.python(vertx);
    try {
      other.eval("open('/workspace/mine.txt', 'w').write('private')");
      assertThat(workspaces.resolve(other.sessionId).resolve("mine.txt")).hasContent("private");
      assertThat(repl.eval("__import__('os').listdir('/workspace')")).isEqualTo("[]");
      String otherOnHost = workspaces.resolve(other.sessionId).resolve("mine.txt").toString();
      assertThat(repl.attempt("open('" + otherOnHost + "').read()")).isEqualTo("FileNotFoundError");
      assertThat(repl.attempt("open('/workspace/../" + other.sessionId + "/mine.txt').read()")).isEqualTo("FileNotFoundError");
    } finally {
      other.close();
    }
  }

  @Test
  void theSystemIsReadOnlyAndTheWorkspaceWritable() {
    assertThat(repl.attempt("open('/usr/bin/evil', 'w')")).isIn("OSError", "PermissionError");
    assertThat(repl.attempt("open('/etc/passwd', 'a')")).isIn("OSError", "PermissionError");
    assertThat(repl.attempt("open('/evil', 'w')")).isIn("OSError", "PermissionError");
    assertThat(repl.attempt("open('/workspace/ok.txt', 'w').write('ok')")).isEqualTo("ok 2");
    assertThat(repl.attempt("open('/tmp/ok.txt', 'w').write('ok')")).isEqualTo("ok 2");
  }
}
