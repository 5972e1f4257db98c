package io.replmesh.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C typed into the terminal interrupts the REPL's code, not the sandbox around it. */
class BwrapCtrlCTest {
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
  void ctrlCInterruptsAnEndlessLoopAndTheReplLivesOn() {
    BwrapTestSupport.Repl repl = BwrapTestSupport.Repl.python(vertx);
    int from = repl.mark();
    repl.write("while True: pass\n\n");
    BwrapTestSupport.Repl.sleep(300);
    long start = System.nanoTime();
    repl.write("\u0003");
    repl.await(from, "KeyboardInterrupt", Duration.ofSeconds(5));
    System.out.printf("Ctrl-C to KeyboardInterrupt under bwrap: %.1f ms%n", (System.nanoTime() - start) / 1e6);
    assertThat(repl.eval("6 * 7")).isEqualTo("42");
    repl.close();
  }
}
