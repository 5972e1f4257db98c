package io.replmesh.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.protocol.Actions;
import io.replmesh.protocol.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A python REPL in a container behaves like one in a plain terminal. */
class DockerSessionTest {
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
  void evaluatesInsideTheContainer() {
    assertThat(repl.run("6*7", ">>> ")).contains("42\r\n");
    assertThat(repl.eval("__import__('os').path.exists('/.dockerenv')")).isEqualTo("True");
    assertThat(repl.eval("__import__('os').getcwd()")).isEqualTo("/workspace");
  }

  @Test
  void aResizeReachesTheRepl() {
    vertx.eventBus().send(Addresses.process(repl.processId), new JsonObject().put("cols", 100).put("rows", 30),
        new DeliveryOptions().addHeader(Actions.HEADER, Actions.WINSIZE));
    // The docker CLI passes the new size on to the container's terminal through the daemon: not at once.
    String size = "";
    for (int i = 0; i < 50 && !size.equals("(100, 30)"); i++) {
      DockerTestSupport.Repl.sleep(100);
      size = repl.eval("tuple(__import__('os').get_terminal_size())");
    }
    assertThat(size).isEqualTo("(100, 30)");
  }

  @Test
  void ctrlCInterruptsABusyLoop() {
    repl.write("while True: pass\n\n");
    DockerTestSupport.Repl.sleep(300);
    long start = System.nanoTime();
    repl.write("\u0003");
    repl.await(0, "KeyboardInterrupt", Duration.ofSeconds(5));
    System.out.printf("docker: Ctrl-C to KeyboardInterrupt: %.1f ms%n", (System.nanoTime() - start) / 1e6);
    assertThat(repl.run("print('still here')", "still here\r\n")).contains("still here");
  }
}
