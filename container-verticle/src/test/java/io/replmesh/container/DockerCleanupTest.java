package io.replmesh.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** No container outlives its session, nor a crash of its node. */
class DockerCleanupTest extends SandboxSuite {
  @Override
  SandboxBackend backend() {
    return new DockerBackend();
  }

  @Test
  void theContainerIsRemovedWhenTheSessionIsKilled() throws Exception {
    SandboxRepl repl = node.python();
    assertThat(containers("replmesh.process=" + repl.processId)).hasSize(1);
    assertThat(repl.close().getString("reason")).isEqualTo("killed");
    assertThat(containers("replmesh.process=" + repl.processId)).isEmpty();
  }

  @Test
  void theContainerIsRemovedWhenItsDockerCliIsKilledHard() throws Exception {
    SandboxRepl repl = node.python();
    // A SIGKILLed CLI leaves its container running: release() must remove it all the same.
    ProcessHandle.of(repl.pid).orElseThrow().destroyForcibly();
    repl.awaitExit(Duration.ofSeconds(30));
    assertThat(containers("replmesh.process=" + repl.processId)).isEmpty();
  }

  @Test
  void removeStaleRemovesTheNodesLeftoversOnly() throws Exception {
    String crashed = "crashed-" + UUID.randomUUID().toString().substring(0, 8);
    String other = "other-" + UUID.randomUUID().toString().substring(0, 8);
    docker("run", "-d", "--init", "--label", "replmesh.node=" + crashed, "--network", "none",
        "--mount", "type=bind,source=/usr,target=/usr,readonly", "--mount", "type=bind,source=/lib,target=/lib,readonly",
        "--mount", "type=bind,source=/lib64,target=/lib64,readonly", "replmesh-base:local", "/usr/bin/sleep", "600");
    docker("create", "--label", "replmesh.node=" + crashed, "replmesh-base:local", "/usr/bin/true");
    docker("create", "--label", "replmesh.node=" + other, "replmesh-base:local", "/usr/bin/true");
    assertThat(containers("replmesh.node=" + crashed)).hasSize(2);

    new DockerBackend().sandbox().removeStale(crashed);

    assertThat(containers("replmesh.node=" + crashed)).isEmpty();
    assertThat(containers("replmesh.node=" + other)).hasSize(1);
    new DockerBackend().sandbox().removeStale(other);
  }

  private static List<String> containers(String label) throws Exception {
    return docker("ps", "-aq", "--filter", "label=" + label);
  }

  private static List<String> docker(String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("docker"));
    argv.addAll(List.of(args));
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("%s: %s", argv, output).isZero();
    return output.lines().filter(line -> !line.isBlank()).toList();
  }
}
