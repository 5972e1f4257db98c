package io.replmesh.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The workspace and /tmp caps (16 MiB in {@link SandboxBackend#config}) stop a disk fill. */
abstract class SandboxDiskLimitContract extends SandboxSuite {
  static final long CAP = 16L << 20;

  SandboxRepl filler;

  /** What a workspace filled with many files may reach before the backend's walk stops its REPL. */
  abstract long overshootBound();

  /** The python exception a new file in /dev meets: how the backend keeps /dev unwritable. */
  abstract String devWriteError();

  @BeforeEach
  void spawnFiller() {
    filler = node.python();
  }

  @Test
  void noSingleFileGrowsPastTheCap() {
    assertThat(filler.attempt("open('/workspace/big', 'wb').write(b'x' * (32 << 20))")).isEqualTo("OSError");
    assertThat(filler.eval("__import__('os').path.getsize('/workspace/big')")).isEqualTo(String.valueOf(CAP));
  }

  @Test
  void aFileOfExactlyTheCapIsAllowed() {
    assertThat(filler.attempt("open('/workspace/big', 'wb').write(b'x' * (32 << 20))")).isEqualTo("OSError");
    SandboxRepl.sleep(500); // several checks after the write
    assertThat(filler.eval("6 * 7")).isEqualTo("42");
  }

  @Test
  void tmpAndDevShmAreCappedAndDevIsReadOnly() {
    for (String dir : new String[] {"/tmp", "/dev/shm"}) {
      assertThat(filler.attempt("open('" + dir + "/big', 'wb').write(b'x' * (32 << 20))")).isEqualTo("OSError");
      assertThat(Long.parseLong(filler.eval("__import__('os').path.getsize('" + dir + "/big')"))).isLessThanOrEqualTo(CAP);
    }
    assertThat(filler.attempt("open('/dev/planted', 'wb')")).isEqualTo(devWriteError());
  }

  @Test
  void fillingTheWorkspaceWithManyFilesKillsTheSandbox() throws Exception {
    SandboxRepl neighbour = node.python();
    filler.exec("""
        def fill():
            for i in range(10_000):
                with open(f'/workspace/part{i}', 'wb') as f:
                    f.write(b'x' * (1 << 20))
        """);
    filler.write("fill()\n");
    double worst = neighbour.worstEchoMillis(Duration.ofSeconds(1), "a disk fill");
    assertThat(filler.awaitExit(node.backend.patience()).getString("reason")).isEqualTo("disk_limit");
    long used = sizeOf(workspaces.resolve(filler.sessionId));
    System.out.printf("%s: workspace when the sandbox was stopped: %.1f MiB (cap %d MiB)%n", node.backend.name(),
        used / 1048576.0, CAP >> 20);
    assertThat(used).isGreaterThan(CAP).isLessThan(overshootBound());
    assertThat(worst).isLessThan(node.backend.fastMillis());
  }

  @Test
  void aWorkspaceFullAtSpawnCanBeCleanedUpButNotGrown() throws Exception {
    filler.close();
    Path workspace = workspaces.resolve(filler.sessionId);
    Files.write(workspace.resolve("restored"), new byte[(int) (CAP + (4 << 20))]);
    SandboxRepl again = node.python(filler.sessionId);
    assertThat(again.eval("__import__('os').remove('/workspace/restored')")).isEqualTo("None");
    assertThat(workspace.resolve("restored")).doesNotExist();
    // Full at spawn, this REPL may not grow any file (RLIMIT_FSIZE 0) until it is restarted.
    assertThat(again.attempt("open('/workspace/more', 'wb', buffering=0).write(b'x')")).isEqualTo("OSError");
  }

  private static long sizeOf(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
