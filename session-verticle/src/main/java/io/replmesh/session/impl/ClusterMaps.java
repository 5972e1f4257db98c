package io.replmesh.session.impl;

import io.replmesh.protocol.ClusterMapNames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.Map;

/**
 * The cluster-wide maps, through Vert.x shared data (Hazelcast maps with backups when
 * clustered, local maps when standalone):
 *
 * <pre>
 * replmesh.sessions   id → {id, runtime, owner, ownerId, epoch, writeTokenHash, readTokenHash, createdAt, key?}
 * replmesh.recovery   id → {epoch, seq, journal, journalOverflow, scrollback, files, cols, rows}
 * replmesh.nodes      node name → {name, nodeId, sessions, draining, updatedAt}
 * replmesh.keys       session key → id
 * </pre>
 */
public final class ClusterMaps {
  private final Future<AsyncMap<String, JsonObject>> sessions;
  private final Future<AsyncMap<String, JsonObject>> recovery;
  private final Future<AsyncMap<String, JsonObject>> nodes;
  private final Future<AsyncMap<String, String>> keys;

  public ClusterMaps(Vertx vertx) {
    this.sessions = vertx.sharedData().getAsyncMap(ClusterMapNames.SESSIONS);
    this.recovery = vertx.sharedData().getAsyncMap(ClusterMapNames.RECOVERY);
    this.nodes = vertx.sharedData().getAsyncMap(ClusterMapNames.NODES);
    this.keys = vertx.sharedData().getAsyncMap(ClusterMapNames.KEYS);
  }

  public Future<JsonObject> session(String id) {
    return sessions.compose(m -> m.get(id));
  }

  public Future<Void> putSession(JsonObject entry) {
    return sessions.compose(m -> m.put(entry.getString("id"), entry));
  }

  /**
   * Compare-and-set on the registry: succeeds for exactly one of several members that
   * read the same {@code expected} entry and race to replace it.
   */
  public Future<Boolean> replaceSession(JsonObject expected, JsonObject replacement) {
    return sessions.compose(m -> m.replaceIfPresent(expected.getString("id"), expected, replacement));
  }

  public Future<Map<String, JsonObject>> allSessions() {
    return sessions.compose(AsyncMap::entries);
  }

  public Future<Void> removeSession(String id) {
    return sessions.compose(m -> m.remove(id)).compose(v -> recovery.compose(m -> m.remove(id))).mapEmpty();
  }

  public Future<JsonObject> recovery(String id) {
    return recovery.compose(m -> m.get(id));
  }

  public Future<Void> putRecovery(String id, JsonObject snapshot) {
    return recovery.compose(m -> m.put(id, snapshot));
  }

  public Future<Void> putNode(JsonObject info) {
    return nodes.compose(m -> m.put(info.getString("name"), info));
  }

  public Future<Map<String, JsonObject>> allNodes() {
    return nodes.compose(AsyncMap::entries);
  }

  public Future<Void> removeNode(String name) {
    return nodes.compose(m -> m.remove(name)).mapEmpty();
  }

  /** Claims a session key for {@code id}; the answer is the id that holds the key now. */
  public Future<String> claimKey(String key, String id) {
    return keys.compose(m -> m.putIfAbsent(key, id)).map(existing -> existing == null ? id : existing);
  }

  public Future<Boolean> releaseKey(String key, String id) {
    return keys.compose(m -> m.removeIfPresent(key, id));
  }
}
