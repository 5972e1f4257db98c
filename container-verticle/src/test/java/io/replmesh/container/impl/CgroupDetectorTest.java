package io.replmesh.container.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which cgroup version is used, and where, from mountinfo and /proc/self/cgroup (fakes). */
class CgroupDetectorTest {
  @TempDir
  Path fs;

  @Test
  void aHybridHostWithAnEmptyUnifiedHierarchyUsesV1UnderTheNodesOwnGroups() throws IOException {
    Files.createDirectories(fs.resolve("unified"));
    Files.writeString(fs.resolve("unified/cgroup.controllers"), "\n");
    List<String> mountinfo = List.of(
        "32 31 0:29 / " + fs.resolve("cpu") + " rw,relatime - cgroup cgroup rw,cpu,cpuacct",
        "35 31 0:32 / " + fs.resolve("memory") + " rw,relatime - cgroup cgroup rw,memory",
        "39 31 0:36 / " + fs.resolve("pids") + " rw,relatime - cgroup cgroup rw,pids",
        "41 31 0:38 / " + fs.resolve("unified") + " rw,relatime - cgroup2 cgroup2 rw",
        "22 1 8:1 / / rw,relatime - ext4 /dev/vda rw");
    List<String> self = List.of("4:memory:/jobs/42", "1:cpu,cpuacct:/", "8:pids:/", "0::/");

    CgroupDetector.Result result = CgroupDetector.detect(mountinfo, self);

    assertThat(result.problem()).isNull();
    assertThat(result.cgroups().version()).isEqualTo("v1");
    assertThat(result.cgroups().controllers()).containsExactlyInAnyOrder("memory", "cpu", "pids");
    assertThat(fs.resolve("memory/jobs/42/replmesh")).isDirectory();
    assertThat(fs.resolve("cpu/replmesh")).isDirectory();
  }

  @Test
  void aUnifiedHostWithControllersUsesV2AndDelegatesThem() throws IOException {
    Path own = Files.createDirectories(fs.resolve("cg/system.slice/replmesh.service"));
    Files.writeString(own.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
    Files.writeString(own.resolve("cgroup.subtree_control"), "");
    Files.createDirectories(own.resolve("replmesh"));
    Files.writeString(own.resolve("replmesh/cgroup.subtree_control"), "");
    List<String> mountinfo = List.of("30 23 0:26 / " + fs.resolve("cg") + " rw - cgroup2 cgroup2 rw,nsdelegate");

    CgroupDetector.Result result = CgroupDetector.detect(mountinfo, List.of("0::/system.slice/replmesh.service"));

    assertThat(result.cgroups().version()).isEqualTo("v2");
    assertThat(result.cgroups().controllers()).containsExactlyInAnyOrder("memory", "cpu", "pids");
    assertThat(Files.readString(own.resolve("replmesh/cgroup.subtree_control"))).contains("+memory", "+pids", "+cpu");
  }

  @Test
  void aMountWithASubtreeRootMapsTheOwnPathIntoIt() throws IOException {
    Path own = Files.createDirectories(fs.resolve("cg/inner"));
    Files.writeString(own.resolve("cgroup.controllers"), "memory pids\n");
    Files.writeString(own.resolve("cgroup.subtree_control"), "");
    Files.createDirectories(own.resolve("replmesh"));
    Files.writeString(own.resolve("replmesh/cgroup.subtree_control"), "");
    List<String> mountinfo = List.of("30 23 0:26 /kubepods/pod1 " + fs.resolve("cg") + " rw - cgroup2 cgroup2 rw");

    CgroupDetector.Result result = CgroupDetector.detect(mountinfo, List.of("0::/kubepods/pod1/inner"));

    assertThat(result.cgroups().version()).isEqualTo("v2");
    assertThat(result.cgroups().controllers()).containsExactlyInAnyOrder("memory", "pids");
  }

  @Test
  void noMemoryOrPidsControllerMeansNoCgroupsAndSaysWhy() {
    List<String> mountinfo = List.of("32 31 0:29 / " + fs.resolve("cpu") + " rw - cgroup cgroup rw,cpu");

    CgroupDetector.Result result = CgroupDetector.detect(mountinfo, List.of("1:cpu:/"));

    assertThat(result.cgroups()).isSameAs(Cgroups.NONE);
    assertThat(result.problem()).contains("memory and pids");
  }

  @Test
  void anUnwritableHierarchyMeansNoCgroupsAndSaysWhy() throws IOException {
    Path notADirectory = Files.writeString(fs.resolve("file"), "");
    List<String> mountinfo = List.of(
        "35 31 0:32 / " + notADirectory.resolve("memory") + " rw - cgroup cgroup rw,memory",
        "39 31 0:36 / " + notADirectory.resolve("pids") + " rw - cgroup cgroup rw,pids");

    CgroupDetector.Result result = CgroupDetector.detect(mountinfo, List.of("4:memory:/", "8:pids:/"));

    assertThat(result.cgroups()).isSameAs(Cgroups.NONE);
    assertThat(result.problem()).contains("not writable");
  }
}
