package io.replmesh.session.impl;

import io.replmesh.session.Membership;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The cluster's nodes as this node sees them: each node writes its own entry (name,
 * member id, sessions owned, draining) to {@code replmesh.nodes} every heartbeat; whether a
 * node is live comes from the membership, never from the entry, which a crashed node
 * leaves behind.
 */
public final class NodeDirectory {
  private final ClusterMaps maps;
  private final Membership membership;
  private final String self;
  private final IntSupplier sessionCount;
  private volatile boolean draining;

  public NodeDirectory(ClusterMaps maps, Membership membership, String self, IntSupplier sessionCount) {
    this.maps = maps;
    this.membership = membership;
    this.self = self;
    this.sessionCount = sessionCount;
  }

  public Future<Void> publish() {
    return maps.putNode(new JsonObject().put("name", self).put("nodeId", membership.selfId())
        .put("sessions", sessionCount.getAsInt()).put("draining", draining).put("updatedAt", System.currentTimeMillis()));
  }

  public Future<Void> markDraining() {
    draining = true;
    return publish();
  }

  public boolean draining() {
    return draining;
  }

  public Future<Void> remove() {
    return maps.removeNode(self);
  }

  /** Live nodes that take sessions (not draining), least loaded first. */
  public Future<List<JsonObject>> candidates() {
    return all().map(nodes -> nodes.stream()
        .filter(n -> n.getBoolean("live") && !n.getBoolean("draining", false))
        .sorted(Comparator.comparingInt((JsonObject n) -> n.getInteger("sessions", 0)))
        .toList());
  }

  /** Every known node with a {@code live} flag, as {@code GET /api/v1/cluster} shows them. */
  public Future<List<JsonObject>> all() {
    return maps.allNodes().map(entries -> entries.values().stream()
        .map(n -> n.copy().put("live", membership.liveIds().contains(n.getString("nodeId"))))
        .sorted(Comparator.comparing((JsonObject n) -> n.getString("name")))
        .toList());
  }

  public static JsonArray names(List<JsonObject> nodes) {
    return new JsonArray(nodes.stream().map(n -> n.getString("name")).toList());
  }
}
