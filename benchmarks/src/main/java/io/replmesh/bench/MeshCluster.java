package io.replmesh.bench;

import io.replmesh.testkit.Api;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Separate node JVMs on loopback under a cluster name of their own, so that neither the
 * clusters of tests running at the same time nor leftovers can join it. Node names are
 * unique too: a node removes stale cgroups by its name when it starts.
 */
final class MeshCluster implements AutoCloseable {
  private static final long START_TIMEOUT_MS = 120_000;

  final String name = "bench-" + UUID.randomUUID().toString().substring(0, 8);
  final List<NodeLauncher> nodes = new ArrayList<>();
  private final Vertx vertx = Vertx.vertx();
  private final List<Api> apis = new ArrayList<>();

  private MeshCluster() {}

  static MeshCluster start(Settings settings, int size, String sandbox) throws Exception {
    MeshCluster cluster = new MeshCluster();
    try {
      List<Integer> clusterPorts = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        clusterPorts.add(NodeLauncher.freePort());
      }
      String members = clusterPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
      for (int i = 0; i < size; i++) {
        NodeLauncher node = NodeLauncher.start(settings, cluster.name, cluster.name + "-n" + (i + 1), i,
            clusterPorts.get(i), members, sandbox);
        cluster.nodes.add(node);
        cluster.apis.add(new Api(cluster.vertx, node.httpPort));
      }
      cluster.awaitLive(size);
      return cluster;
    } catch (Throwable e) {
      cluster.close();
      throw e;
    }
  }

  NodeLauncher node(int index) {
    return nodes.get(index);
  }

  Api api(int index) {
    return apis.get(index);
  }

  int indexOf(String nodeName) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).name.equals(nodeName)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no node " + nodeName + " in " + name);
  }

  /** Waits until every running node sees {@code count} live members in GET /api/v1/cluster. */
  void awaitLive(int count) {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    for (int i = 0; i < nodes.size(); i++) {
      NodeLauncher node = nodes.get(i);
      while (liveSeenBy(i) != count) {
        if (!node.isAlive()) {
          throw new IllegalStateException("node " + node + " exited:\n" + node.logTail());
        }
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("node " + node + " does not see " + count + " live nodes:\n" + node.logTail());
        }
        Sleep.millis(200);
      }
    }
  }

  private int liveSeenBy(int index) {
    try {
      JsonObject view = api(index).get("/api/v1/cluster", null).bodyAsJsonObject();
      return (int) view.getJsonArray("nodes").stream().filter(n -> ((JsonObject) n).getBoolean("live")).count();
    } catch (Exception e) { // not listening yet: Future.await rethrows the ConnectException itself
      return -1;
    }
  }

  @Override
  public void close() throws Exception {
    apis.forEach(Api::close);
    for (NodeLauncher node : nodes) {
      node.close();
    }
    vertx.close().await();
  }
}
