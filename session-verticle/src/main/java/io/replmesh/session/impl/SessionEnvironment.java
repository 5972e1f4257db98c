package io.replmesh.session.impl;

import io.replmesh.protocol.RuntimeSpec;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What every session actor on a node shares: the node's name, the session settings, the
 * cluster maps, the runtimes, and how to tell the host that a session has ended for good.
 */
public record SessionEnvironment(String node, JsonObject sessionConfig, ClusterMaps maps,
                                 Map<String, RuntimeSpec> runtimes, Consumer<String> onClosed) {

  /** A session nobody is in for this long is closed and its resources freed. */
  public long idleTimeoutMs() {
    return sessionConfig.getLong("idleTimeoutMs", 600_000L);
  }

  public long executeTimeoutMs() {
    return sessionConfig.getLong("executeTimeoutMs", 10_000L);
  }

  public long scrollbackChars() {
    return sessionConfig.getLong("scrollbackBytes", 262_144L);
  }

  public long journalChars() {
    return sessionConfig.getLong("journalBytes", 1_048_576L);
  }

  public long spawnTimeoutMs() {
    return sessionConfig.getLong("spawnTimeoutMs", 15_000L);
  }

  public long recoveryScrollbackChars() {
    return sessionConfig.getLong("recoveryScrollbackBytes", 65_536L);
  }

  public long recoveryFlushMs() {
    return sessionConfig.getLong("recoveryFlushMs", 500L);
  }

  /** How long the REPL must stay quiet before a replay counts as finished. */
  public long replayQuietMs() {
    return sessionConfig.getLong("replayQuietMs", 250L);
  }
}
