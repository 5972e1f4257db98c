package io.replmesh.cluster;

import io.replmesh.testkit.Api;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A cluster of separate node JVMs on loopback, under a cluster name of its own so that
 * concurrent or leftover clusters never join it.
 */
final class TestCluster implements AutoCloseable {
  final String name = "test-" + UUID.randomUUID().toString().substring(0, 8);
  final Vertx vertx = Vertx.vertx();
  final Map<String, NodeProcess> nodes = new LinkedHashMap<>();
  private final Map<String, Api> apis = new LinkedHashMap<>();

  /** Nodes on loopback, each on ports of its own. */
  static TestCluster start(int size) throws Exception {
    TestCluster cluster = new TestCluster();
    List<Integer> clusterPorts = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      clusterPorts.add(freePort());
    }
    String members = clusterPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    for (int i = 0; i < size; i++) {
      String node = "n" + (i + 1);
      cluster.nodes.put(node, NodeProcess.start(cluster.name, node, List.of(), "127.0.0.1", freePort(),
          clusterPorts.get(i), members));
    }
    return cluster.awaitStarted(size);
  }

  /** Node i on test host i of {@code net}: separate network stacks, so a partition can be made. */
  static TestCluster startIn(NetworkNamespaces net, int size) throws Exception {
    TestCluster cluster = new TestCluster();
    String members = java.util.stream.IntStream.rangeClosed(1, size).mapToObj(i -> net.host(i) + ":5701")
        .collect(Collectors.joining(","));
    for (int i = 1; i <= size; i++) {
      cluster.nodes.put("n" + i, NodeProcess.start(cluster.name, "n" + i, net.exec(i), net.host(i), 8080, 5701, members));
    }
    return cluster.awaitStarted(size);
  }

  private TestCluster awaitStarted(int size) throws Exception {
    TestCluster cluster = this;
    for (NodeProcess node : cluster.nodes.values()) {
      cluster.apis.put(node.name, new Api(cluster.vertx, node.host, node.httpPort));
    }
    try {
      cluster.awaitLiveNodes(size, 90_000);
    } catch (Throwable e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  NodeProcess node(String name) {
    return nodes.get(name);
  }

  Api api(String node) {
    return apis.get(node);
  }

  /** Waits until every running node sees {@code count} live nodes in GET /api/v1/cluster. */
  void awaitLiveNodes(int count, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    for (NodeProcess node : nodes.values()) {
      if (!node.isAlive()) {
        continue;
      }
      while (liveSeenBy(node.name) != count) {
        if (System.currentTimeMillis() > deadline) {
          throw new AssertionError(node + " does not see " + count + " live nodes");
        }
        Thread.sleep(200);
      }
    }
  }

  int liveSeenBy(String node) {
    try {
      JsonObject view = api(node).get("/api/v1/cluster", null).bodyAsJsonObject();
      return (int) view.getJsonArray("nodes").stream().filter(n -> ((JsonObject) n).getBoolean("live")).count();
    } catch (Exception e) { // not listening yet: Future.await rethrows the ConnectException itself
      return -1;
    }
  }

  /** The owner a node reports for a session (GET /api/v1/sessions/{id}), or null when unreachable. */
  String ownerOf(String askNode, JsonObject session) {
    try {
      var response = api(askNode).get("/api/v1/sessions/" + session.getString("id"), session.getString("readToken"));
      return response.statusCode() == 200 ? response.bodyAsJsonObject().getString("node") : null;
    } catch (Exception e) { // a dead node
      return null;
    }
  }

  /**
   * Waits until every node names the same owner for {@code session}, one of {@code allowed}:
   * after a partition heals the nodes' views converge within seconds, not at once.
   */
  String awaitSingleOwner(JsonObject session, long timeoutMs, String... allowed) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (true) {
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (String node : nodes.keySet()) {
        seen.add(String.valueOf(ownerOf(node, session)));
      }
      String only = seen.size() == 1 ? seen.iterator().next() : null;
      if (only != null && List.of(allowed).contains(only)) {
        return only;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("owners of " + session.getString("id") + " as the nodes see them: " + seen);
      }
      Thread.sleep(250);
    }
  }

  /** How many sessions {@code node} says it runs itself (its entry in its own GET /api/v1/cluster). */
  int sessionsOwnedBy(String node) {
    JsonObject view = api(node).get("/api/v1/cluster", null).bodyAsJsonObject();
    return view.getJsonArray("nodes").stream().map(JsonObject.class::cast)
        .filter(n -> node.equals(n.getString("name"))).mapToInt(n -> n.getInteger("sessions")).findFirst().orElse(-1);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    apis.values().forEach(Api::close);
    for (NodeProcess node : nodes.values()) {
      node.close();
    }
    vertx.close().await();
  }
}
