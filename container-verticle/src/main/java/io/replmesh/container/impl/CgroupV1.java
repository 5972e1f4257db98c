package io.replmesh.container.impl;

import io.replmesh.protocol.RuntimeSpec.Limits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * cgroup v1: one hierarchy per controller, so a process's group is one directory in each of
 * the memory, cpu and pids hierarchies, and the launcher joins all of them.
 */
final class CgroupV1 implements Cgroups {
  static final long CPU_PERIOD_US = 100_000;

  /** Controller → the node's own group in that controller's hierarchy. */
  private final Map<String, Path> parents;

  CgroupV1(Map<String, Path> parents) {
    this.parents = Map.copyOf(parents);
  }

  @Override
  public String version() {
    return "v1";
  }

  @Override
  public Set<String> controllers() {
    return parents.keySet();
  }

  /** Creates (or keeps) {@code replmesh} in every hierarchy: fails where they are not writable. */
  void checkWritable() throws IOException {
    for (Path parent : parents.values()) {
      Files.createDirectories(parent.resolve("replmesh"));
    }
  }

  @Override
  public Group create(String node, String processId, Limits limits) throws IOException {
    Map<String, Path> dirs = new LinkedHashMap<>();
    parents.forEach((controller, parent) -> dirs.put(controller, parent.resolve("replmesh").resolve(node).resolve(processId)));
    V1Group group = new V1Group(dirs);
    try {
      for (Path dir : dirs.values()) {
        Files.createDirectories(dir);
      }
      limit(dirs, limits);
    } catch (IOException | RuntimeException e) {
      group.remove();
      throw e;
    }
    return group;
  }

  private static void limit(Map<String, Path> dirs, Limits limits) throws IOException {
    Path memory = dirs.get("memory");
    if (memory != null) {
      String bytes = String.valueOf((long) limits.memoryMb() << 20);
      CgroupFiles.write(memory.resolve("memory.limit_in_bytes"), bytes);
      // memory+swap equal to memory: no swapping past the limit. Absent without swap accounting.
      Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
      if (Files.exists(memsw)) {
        CgroupFiles.write(memsw, bytes);
      }
    }
    Path cpu = dirs.get("cpu");
    if (cpu != null) {
      CgroupFiles.write(cpu.resolve("cpu.cfs_period_us"), String.valueOf(CPU_PERIOD_US));
      CgroupFiles.write(cpu.resolve("cpu.cfs_quota_us"), String.valueOf(quotaUs(limits.cpus())));
    }
    Path pids = dirs.get("pids");
    if (pids != null) {
      CgroupFiles.write(pids.resolve("pids.max"), String.valueOf(limits.pids()));
    }
  }

  /** The kernel refuses quotas under 1 ms. */
  static long quotaUs(double cpus) {
    return Math.max(1000, Math.round(cpus * CPU_PERIOD_US));
  }

  @Override
  public void removeStale(String node) {
    parents.values().forEach(parent -> CgroupFiles.killAndRemove(parent.resolve("replmesh").resolve(node)));
  }

  private record V1Group(Map<String, Path> dirs) implements Group {
    @Override
    public List<Path> procsFiles() {
      return dirs.values().stream().map(dir -> dir.resolve("cgroup.procs")).toList();
    }

    @Override
    public String limitHit() {
      Path memory = dirs.get("memory");
      if (memory != null && oomKills(memory) > 0) {
        return ExitReasons.MEMORY_LIMIT;
      }
      Path pids = dirs.get("pids");
      if (pids != null && CgroupFiles.keyed(pids.resolve("pids.events"), "max") > 0) {
        return ExitReasons.PIDS_LIMIT;
      }
      return null;
    }

    /**
     * Kernels since 4.13 count OOM kills in memory.oom_control. memory.failcnt is no
     * substitute where they do: it also counts page-cache reclaim at the limit.
     */
    private static long oomKills(Path memory) {
      Path control = memory.resolve("memory.oom_control");
      boolean counted = CgroupFiles.lines(control).stream().anyMatch(line -> line.startsWith("oom_kill "));
      return counted ? CgroupFiles.keyed(control, "oom_kill") : CgroupFiles.number(memory.resolve("memory.failcnt"));
    }

    @Override
    public void remove() {
      dirs.values().forEach(CgroupFiles::killAndRemove);
    }
  }
}
