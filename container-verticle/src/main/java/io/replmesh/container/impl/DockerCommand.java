package io.replmesh.container.impl;

import io.replmesh.container.Sandbox.LaunchRequest;
import io.replmesh.protocol.RuntimeSpec.Limits;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The {@code docker run} command line of one REPL: one container per process. */
final class DockerCommand {
  static final String NODE_LABEL = "replmesh.node";
  static final String SESSION_LABEL = "replmesh.session";
  static final String PROCESS_LABEL = "replmesh.process";
  static final String WORKSPACE = "/workspace";

  private DockerCommand() {}

  /** Unique per process and recognisable per node; docker allows only {@code [A-Za-z0-9_.-]}. */
  static String containerName(String node, String processId) {
    return "replmesh-" + safe(node) + "-" + safe(processId);
  }

  /**
   * @param fileSizeLimit RLIMIT_FSIZE in bytes: no file, in the workspace or /tmp, grows past it
   */
  static List<String> run(DockerSettings settings, String node, String name, LaunchRequest request, long fileSizeLimit) {
    Limits limits = request.runtime().limits();
    List<String> argv = new ArrayList<>(List.of(settings.dockerCommand(), "run",
        // No --rm: release() must still find the container to ask whether it was OOM-killed.
        "-i",
        // An init as PID 1: the REPL as PID 1 would ignore SIGTERM and keep its container alive.
        "--init",
        "--name", name,
        "--label", NODE_LABEL + "=" + node,
        "--label", SESSION_LABEL + "=" + request.sessionId(),
        "--label", PROCESS_LABEL + "=" + request.processId(),
        "--network", "none",
        "--memory", limits.memoryMb() + "m",
        "--memory-swap", limits.memoryMb() + "m",
        "--cpus", cpus(limits.cpus()),
        "--pids-limit", String.valueOf(limits.pids()),
        "--ulimit", "fsize=" + fileSizeLimit,
        "--read-only",
        "--tmpfs", "/tmp:rw,size=" + limits.workspaceMb() + "m,mode=1777",
        "--cap-drop", "ALL",
        "--security-opt", "no-new-privileges",
        "--user", settings.uid() + ":" + settings.gid(),
        // The terminal is already streamed to the session; a log file would be an unbounded copy on the host.
        "--log-driver", "none"));
    // --mount, unlike -v, fails instead of creating a missing source directory on the host.
    for (String dir : settings.binds()) {
      argv.addAll(List.of("--mount", "type=bind,source=" + dir + ",target=" + dir + ",readonly"));
    }
    if (request.tty()) {
      argv.add("-t");
    }
    String workdir = request.cwd().isEmpty() ? WORKSPACE : WORKSPACE + "/" + request.cwd();
    argv.addAll(List.of("--mount", "type=bind,source=" + request.workspace() + ",target=" + WORKSPACE, "-w", workdir));
    environment(request.env()).forEach((key, value) -> argv.addAll(List.of("-e", key + "=" + value)));
    if (settings.runtime() != null) {
      argv.addAll(List.of("--runtime", settings.runtime()));
    }
    argv.add(settings.imageFor(request.runtime().id()));
    argv.addAll(request.runtime().command());
    return argv;
  }

  /** The REPL's environment: the node's PATH means nothing in the image, and home is the workspace. */
  private static Map<String, String> environment(Map<String, String> base) {
    Map<String, String> env = new TreeMap<>(base);
    env.remove("PATH");
    env.put("HOME", WORKSPACE);
    return env;
  }

  /** Docker refuses a quota above the host's cores, so a generous limit is capped rather than fatal. */
  private static String cpus(double cpus) {
    double capped = Math.min(cpus, Runtime.getRuntime().availableProcessors());
    return BigDecimal.valueOf(capped).stripTrailingZeros().toPlainString();
  }

  private static String safe(String text) {
    return text.replaceAll("[^A-Za-z0-9_.-]", "-");
  }
}
