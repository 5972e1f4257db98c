package io.replmesh.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Code in the sandbox has no privileges, sees no host process and reaches no network. */
abstract class SandboxEscapePrivilegeContract extends SandboxSuite {
  SandboxRepl repl;

  /** How many processes the REPL may see in its own pid namespace: the backend's init and itself. */
  abstract int maxProcessesSeen();

  @BeforeEach
  void spawnPython() {
    repl = node.python();
  }

  @Test
  void isNotRootAndHasNoCapabilities() {
    assertThat(Integer.parseInt(repl.eval("__import__('os').getuid()"))).isNotZero();
    assertThat(Integer.parseInt(repl.eval("__import__('os').geteuid()"))).isNotZero();
    String capEff = repl.eval("[l.split()[1] for l in open('/proc/self/status') if l.startswith('CapEff')][0]");
    assertThat(Long.parseLong(capEff, 16)).isZero();
    String capBnd = repl.eval("[l.split()[1] for l in open('/proc/self/status') if l.startswith('CapBnd')][0]");
    assertThat(Long.parseLong(capBnd, 16)).isZero();
  }

  @Test
  void inheritsNoOpenFileOfTheNode() {
    // 0-2 are the terminal; one more is listdir's own handle on /proc/self/fd.
    assertThat(repl.eval("sorted(int(fd) for fd in __import__('os').listdir('/proc/self/fd'))")).isEqualTo("[0, 1, 2, 3]");
  }

  @Test
  void seesOnlyItsOwnFewProcesses() {
    // The host's processes, the JVM among them, do not exist here.
    String pids = repl.eval("sorted(int(p) for p in __import__('os').listdir('/proc') if p.isdigit())");
    System.out.println(node.backend.name() + ": pids seen in the sandbox: " + pids);
    assertThat(pids.split(",")).hasSizeLessThanOrEqualTo(maxProcessesSeen());
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
  void cannotReachTheNodesOwnPort() {
    HttpServer server = node.vertx.createHttpServer().requestHandler(r -> r.response().end("node")).listen(0, "0.0.0.0").await();
    int port = server.actualPort();
    for (String host : new String[] {"127.0.0.1", hostAddress()}) {
      String result = repl.attempt("__import__('socket').create_connection(('" + host + "', " + port + "), 2)");
      assertThat(result).as("connect to %s:%d", host, port).isIn("ConnectionRefusedError", "OSError", "TimeoutError");
    }
    server.close().await();
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

  /** The host's own non-loopback address, if it has one: the node is reachable there too. */
  private static String hostAddress() {
    try {
      return InetAddress.getLocalHost().getHostAddress();
    } catch (Exception e) {
      return "127.0.0.1";
    }
  }
}
