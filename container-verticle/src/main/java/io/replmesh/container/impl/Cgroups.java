package io.replmesh.container.impl;

import io.replmesh.protocol.RuntimeSpec.Limits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The kernel's resource-limit groups as the bwrap sandbox uses them: one group per process,
 * {@code <node's own cgroup>/replmesh/<node>/<processId>}, holding memory, CPU and pids
 * limits. {@link CgroupV1}, {@link CgroupV2}, or {@link #NONE} where neither is usable.
 * Blocking: call from worker threads.
 */
public interface Cgroups {

  /** {@code v1}, {@code v2} or {@code none}. */
  String version();

  /** The limits actually enforced: a subset of {@code memory}, {@code cpu}, {@code pids}. */
  Set<String> controllers();

  /** Creates the group of one process with its limits. */
  Group create(String node, String processId, Limits limits) throws IOException;

  /** Kills and removes groups that a crashed run of this node left behind. */
  void removeStale(String node);

  /** One process's group. */
  interface Group {
    /** Files the launcher writes its own pid into, before exec, to join the group. */
    List<Path> procsFiles();

    /** {@code memory_limit} or {@code pids_limit} when the kernel enforced one, else null. */
    String limitHit();

    /** Kills what is left in the group and removes it. */
    void remove();
  }

  Group NO_GROUP = new Group() {
    @Override
    public List<Path> procsFiles() {
      return List.of();
    }

    @Override
    public String limitHit() {
      return null;
    }

    @Override
    public void remove() {}
  };

  Cgroups NONE = new Cgroups() {
    @Override
    public String version() {
      return "none";
    }

    @Override
    public Set<String> controllers() {
      return Set.of();
    }

    @Override
    public Group create(String node, String processId, Limits limits) {
      return NO_GROUP;
    }

    @Override
    public void removeStale(String node) {}
  };
}
