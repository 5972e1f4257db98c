package io.replmesh.protocol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A runtime from configuration: what to run for a REPL of this kind, and its limits.
 *
 * @param id       the runtime's id, e.g. {@code python}
 * @param name     a human name, e.g. {@code Python 3}
 * @param command  the command line, e.g. {@code [python3, -i]}
 * @param env      extra environment for the process
 * @param limits   resource limits enforced by sandboxes that can
 * @param hidden   a runner for programs (further-link's {@code python3}, {@code shell}, {@code exec}),
 *                 not offered as a REPL in {@code GET /api/v1/runtimes}; {@code {file}} in its
 *                 command is the program to run
 */
public record RuntimeSpec(String id, String name, List<String> command, Map<String, String> env, Limits limits,
                          boolean hidden) {

  public RuntimeSpec {
    command = List.copyOf(command);
    env = Map.copyOf(env);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("runtime " + id + " has an empty command");
    }
  }

  public RuntimeSpec(String id, String name, List<String> command, Map<String, String> env, Limits limits) {
    this(id, name, command, env, limits, false);
  }

  /** The same runtime with a different command, e.g. a runner's with its {@code {file}} filled in. */
  public RuntimeSpec withCommand(List<String> newCommand) {
    return new RuntimeSpec(id, name, newCommand, env, limits, hidden);
  }

  /** Reads {@code {"name","command":[...],"env":{...},"limits":{...}}}, with defaults for the limits. */
  public static RuntimeSpec fromJson(String id, JsonObject json, Limits defaults) {
    JsonArray command = json.getJsonArray("command", new JsonArray());
    Map<String, String> env = new TreeMap<>();
    json.getJsonObject("env", new JsonObject()).forEach(e -> env.put(e.getKey(), String.valueOf(e.getValue())));
    Limits limits = Limits.fromJson(json.getJsonObject("limits", new JsonObject()), defaults);
    return new RuntimeSpec(id, json.getString("name", id), command.stream().map(String::valueOf).toList(), env, limits,
        json.getBoolean("hidden", false));
  }

  /**
   * Reads every runtime of a node configuration: {@code {"limits":{defaults},"runtimes":{id:{...}}}},
   * in the order written.
   */
  public static Map<String, RuntimeSpec> allFrom(JsonObject config) {
    Limits defaults = Limits.fromJson(config.getJsonObject("limits", new JsonObject()), Limits.DEFAULT);
    Map<String, RuntimeSpec> runtimes = new LinkedHashMap<>();
    config.getJsonObject("runtimes", new JsonObject())
        .forEach(e -> runtimes.put(e.getKey(), fromJson(e.getKey(), (JsonObject) e.getValue(), defaults)));
    return Collections.unmodifiableMap(runtimes);
  }

  /** The public description, as {@code GET /api/v1/runtimes} shows it. */
  public JsonObject describe() {
    return new JsonObject().put("id", id).put("name", name).put("limits", limits.toJson());
  }

  /**
   * Resource limits of one REPL.
   *
   * @param memoryMb    memory (and swap) ceiling
   * @param cpus        CPU quota in cores, e.g. 0.5
   * @param pids        most processes and threads at once
   * @param workspaceMb size cap of the writable workspace and of /tmp
   */
  public record Limits(int memoryMb, double cpus, int pids, int workspaceMb) {
    public static final Limits DEFAULT = new Limits(256, 0.5, 64, 100);

    public static Limits fromJson(JsonObject json, Limits defaults) {
      return new Limits(
          json.getInteger("memoryMb", defaults.memoryMb),
          json.getDouble("cpus", defaults.cpus),
          json.getInteger("pids", defaults.pids),
          json.getInteger("workspaceMb", defaults.workspaceMb));
    }

    public JsonObject toJson() {
      return new JsonObject().put("memoryMb", memoryMb).put("cpus", cpus).put("pids", pids).put("workspaceMb", workspaceMb);
    }
  }
}
