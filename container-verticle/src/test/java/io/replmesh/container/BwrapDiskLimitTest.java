package io.replmesh.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workspace and /tmp caps (16 MiB in {@link BwrapTestSupport#config}) stop a disk fill. */
class BwrapDiskLimitTest {
  private static final long CAP = 16L << 20;

  @TempDir
  Path workspaces;
  private Vertx vertx;
  private BwrapTestSupport.Repl filler;

  @BeforeEach
  void deploy() {
    BwrapTestSupport.requireBwrap();
    vertx = Vertx.vertx();
    BwrapTestSupport.deploy(vertx, workspaces);
    filler = BwrapTestSupport.Repl.python(vertx);
  }

  @AfterEach
  void close() {
    if (vertx != null) {
      filler.close();
      vertx.close().await();
    }
  }

  @Test
  void noSingleFileGrowsPastTheCap() {
    assertThat(filler.attempt("open('/workspace/big', 'wb').write(b'x' * (32 << 20))")).isEqualTo("OSError");
    assertThat(filler.eval("__import__('os').path.getsize('/workspace/big')")).isEqualTo(String.valueOf(CAP));
  }

  @Test
  void tmpAndDevShmAreCappedAndDevIsReadOnly() {
    for (String dir : new String[] {"/tmp", "/dev/shm"}) {
      assertThat(filler.attempt("open('" + dir + "/big', 'wb').write(b'x' * (32 << 20))")).isEqualTo("OSError");
      assertThat(Long.parseLong(filler.eval("__import__('os').path.getsize('" + dir + "/big')"))).isLessThanOrEqualTo(CAP);
    }
    assertThat(filler.attempt("open('/dev/planted', 'wb')")).isEqualTo("OSError");
  }

  @Test
  void fillingTheWorkspaceWithManyFilesKillsTheSandbox() throws Exception {
    BwrapTestSupport.Repl neighbour = BwrapTestSupport.Repl.python(vertx);
    try {
      filler.exec("""
          def fill():
              for i in range(10_000):
                  with open(f'/workspace/part{i}', 'wb') as f:
                      f.write(b'x' * (1 << 20))
          """);
      filler.write("fill()\n");
      double worst = neighbour.worstEchoMillis(Duration.ofSeconds(1), "a disk fill");
      assertThat(filler.awaitExit(Duration.ofSeconds(10)).getString("reason")).isEqualTo("disk_limit");
      long used = sizeOf(workspaces.resolve(filler.sessionId));
      System.out.printf("workspace when the guard struck: %.1f MiB (cap %d MiB)%n", used / 1048576.0, CAP >> 20);
      assertThat(used).isGreaterThan(CAP).isLessThan(512L << 20);
      assertThat(worst).isLessThan(500);
    } finally {
      neighbour.close();
    }
  }

  @Test
  void aWorkspaceFullAtSpawnCanBeCleanedUpButNotGrown() throws Exception {
    filler.close();
    Path workspace = workspaces.resolve(filler.sessionId);
    Files.write(workspace.resolve("restored"), new byte[(int) (CAP + (4 << 20))]);
    BwrapTestSupport.Repl again = BwrapTestSupport.Repl.python(vertx, filler.sessionId);
    assertThat(again.eval("__import__('os').remove('/workspace/restored')")).isEqualTo("None");
    assertThat(workspace.resolve("restored")).doesNotExist();
    // Full at spawn, this REPL may not grow any file (RLIMIT_FSIZE 0) until it is restarted.
    assertThat(again.attempt("open('/workspace/more', 'wb', buffering=0).write(b'x')")).isEqualTo("OSError");
    again.close();
  }

  private static long sizeOf(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
