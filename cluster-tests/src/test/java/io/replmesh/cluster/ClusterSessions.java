package io.replmesh.cluster;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Creating sessions until placement has put some on a given node. */
final class ClusterSessions {
  private ClusterSessions() {}

  static List<JsonObject> ownedBy(TestCluster cluster, String node, int count, String runtime) {
    List<JsonObject> owned = new ArrayList<>();
    for (int attempt = 0; attempt < 20 * count && owned.size() < count; attempt++) {
      JsonObject s = cluster.api("n1").createSession(runtime);
      if (node.equals(s.getString("node"))) {
        owned.add(s);
      }
    }
    if (owned.size() < count) {
      throw new AssertionError("placement put only " + owned.size() + " sessions on " + node);
    }
    return owned;
  }
}
