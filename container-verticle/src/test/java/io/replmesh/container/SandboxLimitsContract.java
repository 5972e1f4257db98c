package io.replmesh.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The limits of {@link SandboxBackend#config} (pids 32, memory 96 MiB, 0.5 CPU) stop a bomb in
 * one session while the neighbouring session stays responsive.
 */
abstract class SandboxLimitsContract extends SandboxSuite {
  /** A memory bomb first has to fill its memory: it gets at least this long, however quick the backend. */
  private static final Duration MEMORY_KILL_AT_LEAST = Duration.ofSeconds(15);

  SandboxRepl bomber;
  SandboxRepl neighbour;

  /** Skips the suite where the node cannot enforce the limits at all. */
  void assumeLimitsEnforced(ContainerVerticle container) {}

  /** Waits until the backend has noticed the refused forks, if it only looks now and then. */
  void awaitPidsLimitNoticed() {}

  @BeforeEach
  void spawnBomberAndNeighbour() {
    assumeLimitsEnforced(container);
    bomber = node.python();
    neighbour = node.python();
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
    System.out.println(node.backend.name() + ": forks before the pids limit: " + forked);
    assertThat(forked).isBetween(1, 31);
    awaitPidsLimitNoticed();
    bomber.write("raise SystemExit(0)\n");
    assertThat(bomber.awaitExit(node.backend.patience()).getString("reason")).isEqualTo("pids_limit");
  }

  @Test
  void neighbourStaysFastDuringAForkBomb() {
    SandboxRepl bash = node.spawn("bash");
    try {
      bash.awaitStart("$ ");
      bash.write(":(){ :|:& };:\n");
      SandboxRepl.sleep(300);
      assertThat(neighbour.worstEchoMillis(Duration.ofSeconds(3), "a bash fork bomb")).isLessThan(node.backend.fastMillis());
    } finally {
      bash.close();
    }
  }

  @Test
  void aMemoryBombIsKilledWithReasonMemoryLimit() throws Exception {
    bomber.write("hog = []\nwhile True: hog.append(b'x' * (1 << 20))\n\n");
    double worst = neighbour.worstEchoMillis(Duration.ofSeconds(1), "a memory bomb");
    Duration patience = node.backend.patience();
    JsonObject exit = bomber.awaitExit(patience.compareTo(MEMORY_KILL_AT_LEAST) > 0 ? patience : MEMORY_KILL_AT_LEAST);
    assertThat(exit.getString("reason")).isEqualTo("memory_limit");
    assertThat(worst).isLessThan(node.backend.fastMillis());
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
    System.out.println(node.backend.name() + ": CPU share of a busy loop with cpus=0.5: " + share);
    assertThat(Double.parseDouble(share)).isBetween(0.2, 0.65);
    assertThat(neighbour.echoMillis()).isLessThan(node.backend.fastMillis());
  }
}
