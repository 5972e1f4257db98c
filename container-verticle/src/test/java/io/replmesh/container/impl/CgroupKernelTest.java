package io.replmesh.container.impl;

import io.replmesh.testkit.Requirements;
import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.protocol.RuntimeSpec.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cgroup driver this host supports, against the real kernel (skipped where none is writable). */
class CgroupKernelTest {
  private static final Limits LIMITS = new Limits(64, 0.25, 16, 16);
  private final String node = "cgroup-test-" + UUID.randomUUID().toString().substring(0, 8);
  private Cgroups cgroups;

  @BeforeEach
  void detect() {
    CgroupDetector.Result result = CgroupDetector.detect();
    Requirements.require(result.problem() == null, "writable cgroups (" + result.problem() + ")");
    cgroups = result.cgroups();
  }

  @AfterEach
  void removeNode() {
    if (cgroups != null) {
      cgroups.removeStale(node);
    }
  }

  @Test
  void aGroupHoldsItsProcessAndRemovingItKillsTheProcess() throws Exception {
    Cgroups.Group group = cgroups.create(node, "p1", LIMITS);
    Process process = joined(group);
    for (Path procs : group.procsFiles()) {
      assertThat(Files.readAllLines(procs)).contains(String.valueOf(process.pid()));
    }
    group.remove();
    assertThat(process.waitFor(5, TimeUnit.SECONDS)).isTrue();
    group.procsFiles().forEach(procs -> assertThat(procs.getParent()).doesNotExist());
  }

  @Test
  void theKernelRecordsAPidsLimitHit() throws Exception {
    Cgroups.Group group = cgroups.create(node, "p2", LIMITS);
    Process process = joined(group, "for i in $(seq 40); do sleep 5 & done 2>/dev/null; wait");
    try {
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(group.limitHit()).isEqualTo(ExitReasons.PIDS_LIMIT);
    } finally {
      group.remove();
    }
  }

  @Test
  void removeStaleKillsAndRemovesWhatACrashedNodeLeft() throws Exception {
    Cgroups.Group group = cgroups.create(node, "left-behind", LIMITS);
    Process process = joined(group);
    cgroups.removeStale(node);
    assertThat(process.waitFor(5, TimeUnit.SECONDS)).isTrue();
    group.procsFiles().forEach(procs -> assertThat(procs.getParent().getParent()).doesNotExist());
  }

  private static Process joined(Cgroups.Group group) throws Exception {
    return joined(group, "sleep 60");
  }

  /** Runs {@code script} in a shell that joined the group first, as the bwrap launcher does. */
  private static Process joined(Cgroups.Group group, String script) throws Exception {
    List<String> command = new ArrayList<>(List.of("sh", "-c",
        "for f in \"$@\"; do echo $$ > \"$f\"; done; echo joined; " + script, "joiner"));
    group.procsFiles().forEach(p -> command.add(p.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] line = process.getInputStream().readNBytes(7);
    assertThat(new String(line)).isEqualTo("joined\n");
    return process;
  }
}
