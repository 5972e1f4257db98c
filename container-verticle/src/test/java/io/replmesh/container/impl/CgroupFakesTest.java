package io.replmesh.container.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.protocol.RuntimeSpec.Limits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the cgroup drivers write and read, against fake hierarchies of plain files (the kernel
 * creates a group's control files by itself; here the test does). Runs anywhere, as anyone.
 */
class CgroupFakesTest {
  private static final Limits LIMITS = new Limits(96, 0.5, 32, 16);

  @TempDir
  Path root;

  @Test
  void v1WritesMemorySwapCpuAndPidsLimitsIntoEachHierarchy() throws IOException {
    Path memory = group(root.resolve("memory"), "memory.limit_in_bytes", "memory.memsw.limit_in_bytes");
    Path cpu = group(root.resolve("cpu"), "cpu.cfs_period_us", "cpu.cfs_quota_us");
    Path pids = group(root.resolve("pids"), "pids.max");
    CgroupV1 v1 = new CgroupV1(Map.of("memory", root.resolve("memory"), "cpu", root.resolve("cpu"), "pids", root.resolve("pids")));

    Cgroups.Group group = v1.create("n1", "p1", LIMITS);

    assertThat(Files.readString(memory.resolve("memory.limit_in_bytes"))).isEqualTo(String.valueOf(96L << 20));
    assertThat(Files.readString(memory.resolve("memory.memsw.limit_in_bytes"))).isEqualTo(String.valueOf(96L << 20));
    assertThat(Files.readString(cpu.resolve("cpu.cfs_quota_us"))).isEqualTo("50000");
    assertThat(Files.readString(cpu.resolve("cpu.cfs_period_us"))).isEqualTo("100000");
    assertThat(Files.readString(pids.resolve("pids.max"))).isEqualTo("32");
    assertThat(group.procsFiles()).containsExactlyInAnyOrder(
        memory.resolve("cgroup.procs"), cpu.resolve("cgroup.procs"), pids.resolve("cgroup.procs"));
  }

  @Test
  void v1NamesTheLimitTheKernelEnforced() throws IOException {
    Path memory = group(root.resolve("memory"), "memory.limit_in_bytes");
    Path pids = group(root.resolve("pids"), "pids.max");
    Cgroups.Group group = new CgroupV1(Map.of("memory", root.resolve("memory"), "pids", root.resolve("pids")))
        .create("n1", "p1", LIMITS);
    assertThat(group.limitHit()).isNull();
    Files.writeString(pids.resolve("pids.events"), "max 3\n");
    assertThat(group.limitHit()).isEqualTo("pids_limit");
    Files.writeString(memory.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
    assertThat(group.limitHit()).isEqualTo("memory_limit");
  }

  @Test
  void v1ReclaimAtTheLimitIsNoOomWhereTheKernelCountsOomKills() throws IOException {
    Path memory = group(root.resolve("memory"), "memory.limit_in_bytes");
    Files.writeString(memory.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n");
    Files.writeString(memory.resolve("memory.failcnt"), "12\n");
    group(root.resolve("pids"), "pids.max");
    Cgroups.Group group = new CgroupV1(Map.of("memory", root.resolve("memory"), "pids", root.resolve("pids")))
        .create("n1", "p1", LIMITS);
    assertThat(group.limitHit()).isNull();
  }

  @Test
  void v2DelegatesTheControllersAndWritesTheLimits() throws IOException {
    Files.writeString(root.resolve("cgroup.subtree_control"), "");
    Files.createDirectories(root.resolve("replmesh"));
    Files.writeString(root.resolve("replmesh/cgroup.subtree_control"), "");
    Files.createDirectories(root.resolve("replmesh/n1"));
    Files.writeString(root.resolve("replmesh/n1/cgroup.subtree_control"), "");
    Path dir = group(root, "memory.max", "memory.swap.max", "memory.oom.group", "cpu.max", "pids.max");
    CgroupV2 v2 = new CgroupV2(root, Set.of("memory", "cpu", "pids"), true);

    v2.delegate();
    Cgroups.Group group = v2.create("n1", "p1", LIMITS);

    assertThat(Files.readString(root.resolve("cgroup.subtree_control")).split(" "))
        .containsExactlyInAnyOrder("+memory", "+cpu", "+pids");
    assertThat(Files.readString(dir.resolve("memory.max"))).isEqualTo(String.valueOf(96L << 20));
    assertThat(Files.readString(dir.resolve("memory.swap.max"))).isEqualTo("0");
    assertThat(Files.readString(dir.resolve("memory.oom.group"))).isEqualTo("1");
    assertThat(Files.readString(dir.resolve("cpu.max"))).isEqualTo("50000 100000");
    assertThat(Files.readString(dir.resolve("pids.max"))).isEqualTo("32");
    assertThat(group.procsFiles()).containsExactly(dir.resolve("cgroup.procs"));
  }

  @Test
  void v2NamesTheLimitTheKernelEnforced() throws IOException {
    Files.createDirectories(root.resolve("replmesh/n1"));
    Files.writeString(root.resolve("replmesh/n1/cgroup.subtree_control"), "");
    Path dir = group(root, "memory.max", "pids.max");
    Cgroups.Group group = new CgroupV2(root, Set.of("memory", "pids"), true).create("n1", "p1", LIMITS);
    Files.writeString(dir.resolve("pids.events"), "max 0\n");
    Files.writeString(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 9\noom 1\noom_kill 0\n");
    assertThat(group.limitHit()).isNull();
    Files.writeString(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 9\noom 1\noom_kill 1\n");
    assertThat(group.limitHit()).isEqualTo("memory_limit");
  }

  /** Pre-creates {@code replmesh/n1/p1} under {@code parent} with the named control files. */
  private static Path group(Path parent, String... files) throws IOException {
    Path dir = parent.resolve("replmesh/n1/p1");
    Files.createDirectories(dir);
    for (String file : files) {
      Files.writeString(dir.resolve(file), "");
    }
    return dir;
  }
}
