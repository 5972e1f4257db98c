package io.replmesh.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Code in the sandbox sees its own workspace, a private /tmp and the read-only system, and no
 * other file of the host: neither the host's secrets nor another session's workspace.
 */
abstract class SandboxEscapeFilesContract extends SandboxSuite {
  SandboxRepl repl;

  /** Whether the sandbox's own root directory takes new files; never the host's, which is checked too. */
  abstract boolean rootIsWritable();

  @BeforeEach
  void spawnPython() {
    repl = node.python();
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
    // The directory the node runs in, its workspaces, and /work, which holds this checkout.
    for (String dir : new String[] {System.getProperty("user.dir"), workspaces.toString(), "/work"}) {
      assertThat(repl.attempt("__import__('os').listdir('" + dir + "')")).as(dir).isEqualTo("FileNotFoundError");
    }
  }

  @Test
  void cannotSeeOrWriteAnotherSessionsWorkspace() throws Exception {
    SandboxRepl other = node.python();
    assertThat(other.attempt("open('/workspace/mine.txt', 'w').write('other session')")).isEqualTo("ok 13");
    Path othersOnHost = workspaces.resolve(other.sessionId);
    assertThat(othersOnHost.resolve("mine.txt")).hasContent("other session");
    assertThat(repl.attempt("__import__('os').listdir('/workspace')")).isEqualTo("ok []");
    assertThat(repl.attempt("open('" + othersOnHost.resolve("mine.txt") + "').read()")).isEqualTo("FileNotFoundError");
    assertThat(repl.attempt("open('/workspace/../" + other.sessionId + "/mine.txt').read()")).isEqualTo("FileNotFoundError");
    assertThat(repl.attempt("open('" + othersOnHost.resolve("planted.txt") + "', 'w')")).isEqualTo("FileNotFoundError");
    assertThat(Files.list(othersOnHost).map(p -> p.getFileName().toString())).containsExactly("mine.txt");
  }

  @Test
  void cannotWriteSystemDirectories() {
    for (String file : new String[] {"/usr/planted", "/usr/bin/evil", "/etc/planted"}) {
      assertThat(repl.attempt("open('" + file + "', 'w')")).as(file).isIn("OSError", "PermissionError");
      assertThat(Path.of(file)).doesNotExist();
    }
    assertThat(repl.attempt("open('/etc/passwd', 'a')")).isIn("OSError", "PermissionError");
    String atRoot = repl.attempt("open('/evil', 'w')");
    if (rootIsWritable()) {
      assertThat(atRoot).startsWith("ok ");
    } else {
      assertThat(atRoot).isIn("OSError", "PermissionError");
    }
    assertThat(Path.of("/evil")).doesNotExist();
  }

  @Test
  void theWorkspaceAndTmpAreWritable() {
    assertThat(repl.attempt("open('/workspace/ok.txt', 'w').write('ok')")).isEqualTo("ok 2");
    assertThat(repl.attempt("open('/tmp/ok.txt', 'w').write('ok')")).isEqualTo("ok 2");
  }

  @Test
  void cannotReadSecretsThatOnlyRootMayRead() {
    assertThat(repl.attempt("open('/etc/shadow').read()")).isEqualTo("PermissionError");
  }
}
