package io.replmesh.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Code in the container has no privileges, sees no host process and reaches no network. */
class DockerEscapePrivilegeTest {
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
  void isNotRootAndHasNoCapabilities() {
    assertThat(Integer.parseInt(repl.eval("__import__('os').getuid()"))).isNotZero();
    assertThat(Integer.parseInt(repl.eval("__import__('os').geteuid()"))).isNotZero();
    String capEff = repl.eval("[l.split()[1] for l in open('/proc/self/status') if l.startswith('CapEff')][0]");
    assertThat(Long.parseLong(capEff, 16)).isZero();
  }

  @Test
  void seesOnlyItsOwnProcesses() {
    // The init (1) and the REPL; the host's processes, the JVM among them, do not exist here.
    String pids = repl.eval("sorted(int(p) for p in __import__('os').listdir('/proc') if p.isdigit())");
    System.out.println("docker: pids seen in the container: " + pids);
    assertThat(pids.split(",")).hasSizeLessThanOrEqualTo(2);
    assertThat(repl.attempt("__import__('os').kill(" + ProcessHandle.current().pid() + ", 9)")).isEqualTo("ProcessLookupError");
  }

  @Test
  void cannotConnectToAPortOnTheHostsLoopback() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      server.setSoTimeout(300);
      String result = repl.attempt("__import__('socket').create_connection(('127.0.0.1', " + server.getLocalPort() + "), 2)");
      assertThat(result).isIn("ConnectionRefusedError", "OSError", "TimeoutError");
      assertThat(acceptsAnyone(server)).isFalse();
    }
  }

  @Test
  void hasNoNetworkInterfaceButLoopback() {
    assertThat(repl.eval("[n for i, n in __import__('socket').if_nameindex()]")).isEqualTo("['lo']");
  }

  private static boolean acceptsAnyone(ServerSocket server) throws Exception {
    try {
      server.accept().close();
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }
}
