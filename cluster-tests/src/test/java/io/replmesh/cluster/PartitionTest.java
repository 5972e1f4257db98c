package io.replmesh.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.testkit.TestSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real network partition: three nodes on three network namespaces; n3's link is cut,
 * then restored. The majority takes n3's sessions over; n3, alone without quorum, takes
 * nothing; when the partition heals n3 finds its sessions owned elsewhere at a higher
 * epoch and stops its stale copies, so each session has exactly one owner.
 */
class PartitionTest {
  private NetworkNamespaces net;
  private TestCluster cluster;

  @BeforeEach
  void start() throws Exception {
    net = NetworkNamespaces.create(3);
    cluster = TestCluster.startIn(net, 3);
  }

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    net.close();
  }

  @Test
  void aCutOffNodeLosesItsSessionsToTheMajorityAndStopsItsCopiesWhenItRejoins() throws Exception {
    List<JsonObject> onN3 = ClusterSessions.ownedBy(cluster, "n3", 2, "python");
    JsonObject onN1 = ClusterSessions.ownedBy(cluster, "n1", 1, "python").get(0);
    List<TestSocket> sockets = new ArrayList<>();
    for (JsonObject s : onN3) {
      TestSocket socket = cluster.api("n1").join(s, s.getString("writeToken"), "w");
      socket.input("w = 3\r");
      socket.input("print('rea' + 'dy')\r");
      socket.awaitOutput("ready");
      sockets.add(socket);
    }
    Thread.sleep(500); // let the debounced recovery snapshots reach the cluster

    net.cut(3);
    for (TestSocket socket : sockets) {
      assertThat(socket.awaitFrame(f -> "moved".equals(f.getString("state"))).getString("node")).isIn("n1", "n2");
      socket.input("print(w * 14)\r");
      socket.awaitOutput("42");
    }

    net.heal(3);
    cluster.awaitLiveNodes(3, 90_000);
    awaitSessionsOn("n3", 0, 45_000);
    for (JsonObject s : onN3) {
      cluster.awaitSingleOwner(s, 30_000, "n1", "n2");
    }
    cluster.awaitSingleOwner(onN1, 30_000, "n1");
    for (TestSocket socket : sockets) {
      socket.input("print(w + 1)\r");
      socket.awaitOutput("4\r\n");
      socket.close();
    }
  }

  private void awaitSessionsOn(String node, int expected, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    int seen;
    while ((seen = cluster.sessionsOwnedBy(node)) != expected) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(node + " runs " + seen + " sessions, expected " + expected);
      }
      Thread.sleep(250);
    }
  }
}
