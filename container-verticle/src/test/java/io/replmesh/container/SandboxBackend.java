package io.replmesh.container;


import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import io.replmesh.testkit.Requirements;

/**
 * What the suites shared by the sandbox backends need to know of one backend: whether it works on
 * this host, its node configuration, and how patient to be with it. The behaviour and assertions
 * live in the suites ({@code Sandbox*Contract}); this holds only what legitimately differs.
 */
abstract class SandboxBackend {
  private final String runId = java.util.UUID.randomUUID().toString().substring(0, 8);
  private final String name;
  private final Duration patience;
  private final Duration closeTimeout;
  private final double fastMillis;

  /**
   * @param name         the sandbox type
   * @param patience     how long a REPL may take to its first prompt, or a limit to end it and report why
   * @param closeTimeout how long a killed REPL may take to report its exit
   * @param fastMillis   the slowest echo a bomb's neighbour may see and still count as responsive
   */
  SandboxBackend(String name, Duration patience, Duration closeTimeout, double fastMillis) {
    this.name = name;
    this.patience = patience;
    this.closeTimeout = closeTimeout;
    this.fastMillis = fastMillis;
  }

  /** Null when the backend works on this host, else what is wrong. */
  abstract String problem();

  /** The skip reason for {@code problem}, saying what to do about it. */
  abstract String unusable(String problem);

  /** The backend's {@code sandbox} section of the node configuration. */
  abstract JsonObject sandboxConfig();

  /** The sandbox a node with {@code config} runs its REPLs in. */
  abstract Sandbox sandbox(JsonObject config);

  /** The sandbox type, and the prefix of the figures the suites print. */
  final String name() {
    return name;
  }

  /** The node's name: the container address, and docker's container names and labels. */
  /**
   * Unique per backend instance: a node removes its name's leftover containers and cgroups
   * when it starts, so two test runs on one machine must never share a name.
   */
  final String node() {
    return name + "-test-" + runId;
  }

  final Duration patience() {
    return patience;
  }

  final Duration closeTimeout() {
    return closeTimeout;
  }

  final double fastMillis() {
    return fastMillis;
  }

  /** Skips when the backend does not work here, except on CI (CI=true), where that is a failure. */
  final void require() {
    String problem = problem();
    Requirements.require(problem == null, problem == null ? "" : unusable(problem));
  }

  /**
   * A node with this backend's sandbox, python and bash, and small limits so that the bombs end
   * fast: the suites' bounds (32 pids, 96 MiB, half a CPU, 16 MiB of disk) assume these.
   */
  final JsonObject config(Path workspaceRoot) {
    JsonObject python = new JsonObject().put("command", new JsonArray().add("python3").add("-i").add("-q"))
        .put("env", new JsonObject().put("PYTHONDONTWRITEBYTECODE", "1"));
    // No startup files: the bare "$ " prompt the tests wait for, whatever the host or image configures.
    JsonObject bash = new JsonObject().put("command", new JsonArray().add("bash").add("--norc").add("--noprofile").add("-i"))
        .put("env", new JsonObject().put("PS1", "$ "));
    return new JsonObject()
        .put("node", node())
        .put("workspaceRoot", workspaceRoot.toString())
        .put("sandbox", sandboxConfig())
        .put("limits", new JsonObject().put("memoryMb", 96).put("cpus", 0.5).put("pids", 32).put("workspaceMb", 16))
        .put("runtimes", new JsonObject().put("python", python).put("bash", bash));
  }
}
