package io.replmesh.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.testkit.TestSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM, as Kubernetes sends it before removing a pod: the node hands its sessions to
 * the others and exits inside the 30 s grace period, and the sockets held by the other
 * routers carry on in the same sessions, with their state.
 */
class DrainTest extends ThreeNodeClusterTest {

  @Test
  void sigtermHandsEverySessionOverAndTheSameSocketsContinue() throws Exception {
    List<JsonObject> sessions = ClusterSessions.ownedBy(cluster, "n3", 3, "python");
    List<TestSocket> sockets = new ArrayList<>();
    for (int i = 0; i < sessions.size(); i++) {
      JsonObject s = sessions.get(i);
      TestSocket socket = cluster.api(i % 2 == 0 ? "n1" : "n2").join(s, s.getString("writeToken"), "w" + i);
      socket.input("y = " + (10 * i + 7) + "\r");
      socket.input("print('rea' + 'dy')\r");
      socket.awaitOutput("ready");
      sockets.add(socket);
    }

    long termAt = System.nanoTime();
    cluster.node("n3").sigterm();
    assertThat(cluster.node("n3").awaitExit(30)).as("n3 exits within the grace period").isTrue();
    long exitMs = (System.nanoTime() - termAt) / 1_000_000;

    for (int i = 0; i < sockets.size(); i++) {
      TestSocket socket = sockets.get(i);
      assertThat(socket.awaitFrame(f -> "moved".equals(f.getString("state"))).getString("node")).isIn("n1", "n2");
      socket.input("print(y * 2)\r");
      socket.awaitOutput(Integer.toString(2 * (10 * i + 7)));
      socket.close();
    }
    System.out.printf("drain: %d sessions handed over, SIGTERM to exit %d ms%n", sessions.size(), exitMs);
    for (JsonObject s : sessions) {
      assertThat(cluster.ownerOf("n1", s)).isIn("n1", "n2");
    }
    cluster.awaitLiveNodes(2, 10_000);
  }
}
