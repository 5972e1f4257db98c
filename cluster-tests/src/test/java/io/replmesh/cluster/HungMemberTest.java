package io.replmesh.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.testkit.TestSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A member that hangs (kill -STOP) can only be told from a slow one by its missing
 * heartbeats: its sessions must move within the heartbeat timeout, and when it wakes up
 * (kill -CONT) it must find them owned elsewhere at a higher epoch and stop its stale
 * copies, leaving exactly one owner per session.
 */
class HungMemberTest extends ThreeNodeClusterTest {

  @Test
  void aHungMembersSessionsMoveAndItsStaleCopiesStopWhenItWakes() throws Exception {
    List<JsonObject> sessions = ClusterSessions.ownedBy(cluster, "n3", 2, "python");
    List<TestSocket> sockets = new ArrayList<>();
    for (JsonObject s : sessions) {
      TestSocket socket = cluster.api("n1").join(s, s.getString("writeToken"), "w");
      socket.input("z = 5\r");
      socket.input("print('rea' + 'dy')\r");
      socket.awaitOutput("ready");
      sockets.add(socket);
    }
    Thread.sleep(500); // let the debounced recovery snapshots reach the cluster

    long stoppedAt = System.nanoTime();
    cluster.node("n3").signal("STOP");
    long worstMs = 0;
    for (TestSocket socket : sockets) {
      socket.awaitFrame(f -> "moved".equals(f.getString("state")));
      socket.input("print(z * 9)\r");
      socket.awaitOutput("45");
      worstMs = Math.max(worstMs, (System.nanoTime() - stoppedAt) / 1_000_000);
    }
    System.out.printf("failover of a hung member (kill -STOP): %d sessions answering again, worst %d ms%n",
        sessions.size(), worstMs);

    cluster.node("n3").signal("CONT");
    cluster.awaitLiveNodes(3, 60_000);
    long deadline = System.currentTimeMillis() + 30_000;
    while (cluster.sessionsOwnedBy("n3") != 0) {
      assertThat(System.currentTimeMillis()).as("n3 stops its stale copies").isLessThan(deadline);
      Thread.sleep(250);
    }
    for (JsonObject s : sessions) {
      cluster.awaitSingleOwner(s, 30_000, "n1", "n2");
    }
    for (TestSocket socket : sockets) {
      socket.input("print(z + 1)\r");
      socket.awaitOutput("6\r\n");
      socket.close();
    }
  }
}
