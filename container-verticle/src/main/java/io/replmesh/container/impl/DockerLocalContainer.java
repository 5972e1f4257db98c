package io.replmesh.container.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the node can see on its own host of a running container: its pids cgroup's
 * {@code pids.events} and its init process. Neither exists for a daemon on another machine or
 * in a VM (gVisor), so both are optional.
 *
 * @param pidsEvents the container's {@code pids.events}, or null if not found
 * @param init       the container's PID 1 as a host process, or null if not on this host; killing
 *                   it ends every process of the container at once, with no round trip to docker
 */
record DockerLocalContainer(Path pidsEvents, ProcessHandle init) {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** Empty while the container is not running (yet). */
  static Optional<DockerLocalContainer> find(DockerCli cli, String name) {
    DockerCli.Result inspected = cli.run(TIMEOUT, "inspect", "-f", "{{.Id}} {{.State.Pid}} {{.State.Running}}", name);
    List<String> fields = inspected.ok() ? List.of(inspected.output().strip().split(" ")) : List.of();
    if (fields.size() != 3 || !fields.get(2).equals("true")) {
      return Optional.empty();
    }
    String id = fields.get(0);
    return Optional.of(new DockerLocalContainer(pidsEvents(id), init(id, Long.parseLong(fields.get(1)))));
  }

  /** Under the cgroup parents that docker uses by default: cgroupfs or systemd driver, cgroup v1 or v2. */
  private static Path pidsEvents(String id) {
    for (String root : List.of("/sys/fs/cgroup/pids", "/sys/fs/cgroup")) {
      for (String group : List.of("docker/" + id, "system.slice/docker-" + id + ".scope")) {
        Path events = Path.of(root, group, "pids.events");
        if (Files.isReadable(events)) {
          return events;
        }
      }
    }
    return null;
  }

  /**
   * The pid is the daemon's view: trusted only if that process here is in the container's cgroup.
   * A ProcessHandle also remembers the start time, so a reused pid is never killed.
   */
  private static ProcessHandle init(String id, long pid) {
    try {
      if (pid > 0 && Files.readString(Path.of("/proc", String.valueOf(pid), "cgroup")).contains(id)) {
        return ProcessHandle.of(pid).orElse(null);
      }
    } catch (IOException e) {
      // Not a process of this host.
    }
    return null;
  }
}
