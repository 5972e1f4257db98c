package io.replmesh.container.impl;

import io.replmesh.protocol.RuntimeSpec.Limits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cgroup v2: one unified hierarchy. Controllers reach a group only if every ancestor enables
 * them in {@code cgroup.subtree_control}, and (below the root) a group that does so may not
 * hold processes itself, so {@link #delegate} may first move the node into a leaf of its own.
 */
final class CgroupV2 implements Cgroups {
  private static final Logger log = LoggerFactory.getLogger(CgroupV2.class);
  static final String NODE_LEAF = "replmesh-node";

  /** The node's own group, under which {@code replmesh/} lives. */
  private final Path parent;
  private final Set<String> controllers;
  private final boolean isRoot;

  CgroupV2(Path parent, Set<String> controllers, boolean isRoot) {
    this.parent = parent;
    this.controllers = Set.copyOf(controllers);
    this.isRoot = isRoot;
  }

  @Override
  public String version() {
    return "v2";
  }

  @Override
  public Set<String> controllers() {
    return controllers;
  }

  /** Enables the controllers from the node's group down to {@code replmesh/}. */
  void delegate() throws IOException {
    try {
      enable(parent);
    } catch (IOException busy) {
      String self = String.valueOf(ProcessHandle.current().pid());
      if (isRoot || !CgroupFiles.lines(parent.resolve("cgroup.procs")).equals(List.of(self))) {
        throw busy; // the group is not the node's alone: moving the node would not help
      }
      // "No internal processes": the node's group can only delegate once the node lives in a leaf.
      Path leaf = parent.resolve(NODE_LEAF);
      Files.createDirectories(leaf);
      CgroupFiles.write(leaf.resolve("cgroup.procs"), self);
      log.info("moved the node into cgroup {} so that {} can delegate {}", leaf, parent, controllers);
      enable(parent);
    }
    Path replmesh = parent.resolve("replmesh");
    Files.createDirectories(replmesh);
    enable(replmesh);
  }

  private void enable(Path group) throws IOException {
    StringBuilder tokens = new StringBuilder();
    controllers.forEach(c -> tokens.append(tokens.length() == 0 ? "" : " ").append('+').append(c));
    CgroupFiles.write(group.resolve("cgroup.subtree_control"), tokens.toString());
  }

  @Override
  public Group create(String node, String processId, Limits limits) throws IOException {
    Path nodeDir = parent.resolve("replmesh").resolve(node);
    Files.createDirectories(nodeDir);
    enable(nodeDir);
    V2Group group = new V2Group(nodeDir.resolve(processId));
    try {
      Files.createDirectories(group.dir);
      limit(group.dir, limits);
    } catch (IOException | RuntimeException e) {
      group.remove();
      throw e;
    }
    return group;
  }

  private void limit(Path dir, Limits limits) throws IOException {
    if (controllers.contains("memory")) {
      CgroupFiles.write(dir.resolve("memory.max"), String.valueOf((long) limits.memoryMb() << 20));
      writeIfPresent(dir.resolve("memory.swap.max"), "0");
      // An OOM kills the whole sandbox rather than leaving a REPL with a random child gone.
      writeIfPresent(dir.resolve("memory.oom.group"), "1");
    }
    if (controllers.contains("cpu")) {
      CgroupFiles.write(dir.resolve("cpu.max"), CgroupV1.quotaUs(limits.cpus()) + " " + CgroupV1.CPU_PERIOD_US);
    }
    if (controllers.contains("pids")) {
      CgroupFiles.write(dir.resolve("pids.max"), String.valueOf(limits.pids()));
    }
  }

  private static void writeIfPresent(Path file, String value) throws IOException {
    if (Files.exists(file)) {
      CgroupFiles.write(file, value);
    }
  }

  @Override
  public void removeStale(String node) {
    new V2Group(parent.resolve("replmesh").resolve(node)).remove();
  }

  private record V2Group(Path dir) implements Group {
    @Override
    public List<Path> procsFiles() {
      return List.of(dir.resolve("cgroup.procs"));
    }

    @Override
    public String limitHit() {
      if (CgroupFiles.keyed(dir.resolve("memory.events"), "oom_kill") > 0) {
        return ExitReasons.MEMORY_LIMIT;
      }
      if (CgroupFiles.keyed(dir.resolve("pids.events"), "max") > 0) {
        return ExitReasons.PIDS_LIMIT;
      }
      return null;
    }

    /** Also removes a whole subtree: a node's directory of stale groups. */
    @Override
    public void remove() {
      // cgroup.kill (Linux 5.14+) kills the whole subtree at once, forks in flight included.
      Path kill = dir.resolve("cgroup.kill");
      if (Files.exists(kill)) {
        try {
          CgroupFiles.write(kill, "1");
        } catch (IOException e) {
          log.debug("cgroup.kill of {} failed: {}", dir, e.getMessage());
        }
      }
      CgroupFiles.killAndRemove(dir);
    }
  }
}
