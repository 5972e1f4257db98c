package io.replmesh.session.impl;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The sessions deployed on this node: id → deployment and the epoch it owns them at. */
public final class LocalSessions {
  public record Local(String deploymentId, long epoch, String runtime) {}

  private final Map<String, Local> byId = new ConcurrentHashMap<>();

  public void put(String id, String deploymentId, long epoch, String runtime) {
    if (byId.put(id, new Local(deploymentId, epoch, runtime)) == null) {
      MeshMetrics.sessionOpened(runtime);
    }
  }

  public Local get(String id) {
    return byId.get(id);
  }

  public Local remove(String id) {
    Local removed = byId.remove(id);
    if (removed != null) {
      MeshMetrics.sessionClosed(removed.runtime());
    }
    return removed;
  }

  public boolean contains(String id) {
    return byId.containsKey(id);
  }

  public Set<String> ids() {
    return Set.copyOf(byId.keySet());
  }

  public int size() {
    return byId.size();
  }
}
