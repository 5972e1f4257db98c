package io.replmesh.container.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.protocol.RuntimeSpec.Limits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's command line: what isolates, in which order. */
class BwrapCommandTest {
  private static final Limits LIMITS = new Limits(96, 0.5, 32, 16);
  private static final Path PYTHON_PREFIX = Path.of("/root/.pyenv/versions/3.11.7");
  private static final BwrapExecutables.Resolved PYTHON =
      new BwrapExecutables.Resolved(PYTHON_PREFIX.resolve("bin/python3"), List.of(PYTHON_PREFIX));

  @TempDir
  Path stage;

  @Test
  void asRootItStagesBindsJoinsCgroupsAndDropsToTheSessionUid() throws IOException {
    List<String> line = new BwrapCommand(true, stage, 256, BwrapProbe.Features.ALL).build(launch(List.of(Path.of("/cg/memory/x/cgroup.procs"))));

    assertThat(line.subList(0, 2)).containsExactly("/usr/bin/env", "--ignore-signal=INT,QUIT,TSTP");
    assertThat(line).containsSequence("--mount", "--propagation", "private");
    String script = line.get(line.indexOf("-c") + 1);
    assertThat(script).contains("echo $$ > \"$f\"", "'/cg/memory/x/cgroup.procs'",
        "--bind '/srv/ws/s1' '" + stage.resolve("ws") + "'", "--bind '" + PYTHON_PREFIX + "' '" + stage.resolve("r0") + "'");
    assertThat(script.indexOf("cgroup.procs")).isLessThan(script.indexOf("mount"));
    assertThat(line).containsSequence("--core=0", "--fsize=" + (16 << 20), "--nofile=256", "--nproc=40");
    assertThat(line).containsSequence("--reuid=200001", "--regid=200001", "--clear-groups", "--inh-caps=-all");
    assertThat(line).containsSequence("--ro-bind", stage.resolve("r0").toString(), PYTHON_PREFIX.toString());
    assertThat(line).containsSequence("--bind", stage.resolve("ws").toString(), "/workspace");
    assertThat(order(line, "/usr/bin/setpriv", "/usr/bin/bwrap", "--default-signal=INT", PYTHON.executable().toString())).isTrue();
  }

  @Test
  void theSandboxHasEveryNamespaceAndNothingWritableButWorkspaceAndTmp() throws IOException {
    List<String> line = new BwrapCommand(true, stage, 256, BwrapProbe.Features.ALL).build(launch(List.of()));

    assertThat(line).contains("--unshare-all", "--unshare-user", "--die-with-parent", "--disable-userns")
        .doesNotContain("--share-net", "--new-session", "--dev-bind");
    assertThat(line).containsSequence("--ro-bind", "/usr", "/usr").containsSequence("--ro-bind", "/etc", "/etc");
    assertThat(line).containsSequence("--size", String.valueOf(16 << 20), "--tmpfs", "/tmp");
    assertThat(line).containsSequence("--proc", "/proc", "--dev", "/dev", "--size", String.valueOf(16 << 20),
        "--tmpfs", "/dev/shm", "--remount-ro", "/dev");
    assertThat(line).containsSequence("--hostname", "sandbox").containsSequence("--cap-drop", "ALL");
    assertThat(Collections.frequency(line, "--bind")).isEqualTo(1);
    assertThat(line).doesNotContain("/root", "/root/.pyenv", "/", "/srv/ws");
  }

  @Test
  void theReplGetsAClearedEnvironmentWithTheWorkspaceAsHome() throws IOException {
    List<String> line = new BwrapCommand(true, stage, 256, BwrapProbe.Features.ALL).build(launch(List.of()));

    assertThat(line.indexOf("--clearenv")).isLessThan(line.indexOf("--setenv"));
    assertThat(line).containsSequence("--setenv", "HOME", "/workspace").containsSequence("--setenv", "TERM", "xterm")
        .containsSequence("--chdir", "/workspace").doesNotContain("/srv/ws/s1/home");
    assertThat(line.get(line.indexOf("PATH") + 1)).startsWith(PYTHON_PREFIX.resolve("bin") + ":");
  }

  @Test
  void asAnOrdinaryUserItBindsDirectlyAndNeedsNoShellWithoutCgroups() throws IOException {
    List<String> line = new BwrapCommand(false, stage, 256, BwrapProbe.Features.ALL).build(launch(List.of(), 0));

    assertThat(line).doesNotContain("/usr/bin/unshare", "/usr/bin/setpriv", "/usr/bin/sh")
        .noneMatch(word -> word.startsWith("--nproc"));
    assertThat(line).containsSequence("--bind", "/srv/ws/s1", "/workspace")
        .containsSequence("--ro-bind", PYTHON_PREFIX.toString(), PYTHON_PREFIX.toString());
  }

  @Test
  void anOlderBwrapGetsNoOptionItLacks() throws IOException {
    assertThat(BwrapProbe.features("bubblewrap 0.8.0")).isEqualTo(BwrapProbe.Features.ALL);
    BwrapProbe.Features old = BwrapProbe.features("bubblewrap 0.6.1");
    assertThat(old).isEqualTo(new BwrapProbe.Features(false, false));

    List<String> line = new BwrapCommand(true, stage, 256, old).build(launch(List.of()));

    assertThat(line).doesNotContain("--disable-userns", "--size").containsSequence("--tmpfs", "/tmp");
  }

  private static BwrapCommand.Launch launch(List<Path> cgroupProcs) {
    return launch(cgroupProcs, 40);
  }

  private static BwrapCommand.Launch launch(List<Path> cgroupProcs, int nproc) {
    Map<String, String> env = Map.of("TERM", "xterm", "HOME", "/srv/ws/s1/home", "PATH", "/root/.pyenv/shims");
    return new BwrapCommand.Launch("p1", Path.of("/srv/ws/s1"), LIMITS, PYTHON, List.of("-i", "-q"), env, 200001, nproc,
        16L << 20, cgroupProcs);
  }

  /** Whether the words appear in this order. */
  private static boolean order(List<String> line, String... words) {
    int at = -1;
    for (String word : words) {
      int next = line.subList(at + 1, line.size()).indexOf(word);
      if (next < 0) {
        return false;
      }
      at += next + 1;
    }
    return true;
  }
}
