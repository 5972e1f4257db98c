package io.replmesh.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container limits (pids 32, memory 96 MiB, 0.5 CPU in {@link DockerTestSupport#config}) stop
 * a bomb in one session while the neighbouring container session stays responsive.
 */
class DockerLimitsTest {
  private static final double FAST_MS = 1000;

  @TempDir
  Path workspaces;
  private Vertx vertx;
  private DockerTestSupport.Repl bomber;
  private DockerTestSupport.Repl neighbour;

  @BeforeEach
  void deploy() {
    DockerTestSupport.requireDocker();
    vertx = Vertx.vertx();
    DockerTestSupport.deploy(vertx, workspaces);
    bomber = DockerTestSupport.Repl.python(vertx);
    neighbour = DockerTestSupport.Repl.python(vertx);
  }

  @AfterEach
  void close() {
    if (vertx != null) {
      bomber.close();
      neighbour.close();
      vertx.close().await();
    }
  }

  @Test
  void forksStopAtThePidsLimitAndTheExitSaysSo() throws Exception {
    bomber.exec("""
        import os, time
        def bomb():
            forked = 0
            try:
                while True:
                    if os.fork() == 0:
                        time.sleep(60)
                        os._exit(0)
                    forked += 1
            except OSError:
                return forked
        """);
    int forked = Integer.parseInt(bomber.eval("bomb()"));
    System.out.println("docker: forks before the pids limit: " + forked);
    assertThat(forked).isBetween(1, 31);
    DockerTestSupport.Repl.sleep(1000); // the monitor reads pids.events every monitorMs, 500 ms
    bomber.write("raise SystemExit(0)\n");
    assertThat(bomber.awaitExit(Duration.ofSeconds(20)).getString("reason")).isEqualTo("pids_limit");
  }

  @Test
  void neighbourStaysFastDuringAForkBomb() {
    DockerTestSupport.Repl bash = new DockerTestSupport.Repl(vertx, "bash", "bomb");
    try {
      bash.await(0, "$ ", Duration.ofSeconds(20));
      bash.write(":(){ :|:& };:\n");
      DockerTestSupport.Repl.sleep(300);
      assertThat(neighbour.worstEchoMillis(Duration.ofSeconds(3), "a bash fork bomb")).isLessThan(FAST_MS);
    } finally {
      bash.close();
    }
  }

  @Test
  void aMemoryBombIsKilledWithReasonMemoryLimit() throws Exception {
    bomber.write("hog = []\nwhile True: hog.append(b'x' * (1 << 20))\n\n");
    double worst = neighbour.worstEchoMillis(Duration.ofSeconds(1), "a memory bomb");
    JsonObject exit = bomber.awaitExit(Duration.ofSeconds(20));
    assertThat(exit.getString("reason")).isEqualTo("memory_limit");
    assertThat(worst).isLessThan(FAST_MS);
  }
}
