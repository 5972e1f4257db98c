package io.replmesh.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.replmesh.container.impl.BwrapSandbox;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cgroup limits (pids 32, memory 96 MiB, 0.5 CPU in {@link BwrapTestSupport#config}) stop
 * a bomb in one session while the neighbouring session stays responsive.
 */
class BwrapLimitsTest {
  private static final double FAST_MS = 500;

  @TempDir
  Path workspaces;
  private Vertx vertx;
  private BwrapTestSupport.Repl bomber;
  private BwrapTestSupport.Repl neighbour;

  @BeforeEach
  void deploy() {
    BwrapTestSupport.requireBwrap();
    vertx = Vertx.vertx();
    ContainerVerticle container = BwrapTestSupport.deploy(vertx, workspaces);
    assumeTrue(((BwrapSandbox) container.sandbox()).cgroupsEnforced(), "no usable cgroups on this host");
    bomber = BwrapTestSupport.Repl.python(vertx);
    neighbour = BwrapTestSupport.Repl.python(vertx);
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
    System.out.println("forks before the pids limit: " + forked);
    assertThat(forked).isBetween(1, 31);
    bomber.write("raise SystemExit(0)\n");
    assertThat(bomber.awaitExit(Duration.ofSeconds(10)).getString("reason")).isEqualTo("pids_limit");
  }

  @Test
  void neighbourStaysFastDuringAForkBomb() {
    BwrapTestSupport.Repl bash = new BwrapTestSupport.Repl(vertx, "bash");
    try {
      bash.await(0, "$ ", Duration.ofSeconds(10));
      bash.write(":(){ :|:& };:\n");
      BwrapTestSupport.Repl.sleep(300);
      assertThat(neighbour.worstEchoMillis(Duration.ofSeconds(3), "a bash fork bomb")).isLessThan(FAST_MS);
    } finally {
      bash.close();
    }
  }

  @Test
  void aMemoryBombIsKilledWithReasonMemoryLimit() throws Exception {
    bomber.write("hog = []\nwhile True: hog.append(b'x' * (1 << 20))\n\n");
    double worst = neighbour.worstEchoMillis(Duration.ofSeconds(1), "a memory bomb");
    JsonObject exit = bomber.awaitExit(Duration.ofSeconds(15));
    assertThat(exit.getString("reason")).isEqualTo("memory_limit");
    assertThat(worst).isLessThan(FAST_MS);
  }

  @Test
  void aBusyLoopGetsNoMoreThanItsCpuQuota() {
    bomber.exec("""
        import time
        def cpu_share(seconds):
            wall, cpu = time.time(), time.process_time()
            while time.time() - wall < seconds:
                pass
            return (time.process_time() - cpu) / (time.time() - wall)
        """);
    String share = bomber.eval("round(cpu_share(2), 3)");
    System.out.println("CPU share of a busy loop with cpus=0.5: " + share);
    assertThat(Double.parseDouble(share)).isBetween(0.2, 0.65);
    assertThat(neighbour.echoMillis()).isLessThan(FAST_MS);
  }
}
