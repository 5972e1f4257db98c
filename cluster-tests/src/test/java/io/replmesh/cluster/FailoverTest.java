package io.replmesh.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.session.impl.Rendezvous;
import io.replmesh.testkit.Api;
import io.replmesh.testkit.TestSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of a node that owns several sessions: each is claimed by one survivor (the
 * sessions spread over both), restarted with its journal replayed so that Python state
 * typed before the crash still holds, and the sockets on surviving routers keep working.
 */
class FailoverTest extends ThreeNodeClusterTest {
  private static final List<String> SURVIVORS = List.of("n1", "n2");

  @Test
  void killNineMovesEverySessionOfTheDeadNodeWithItsState() throws Exception {
    Map<JsonObject, TestSocket> onVictim = sessionsOnN3CoveringBothSurvivors();
    int i = 0;
    for (Map.Entry<JsonObject, TestSocket> e : onVictim.entrySet()) {
      e.getValue().input("x = " + (41 + 100 * i++) + "\r");
      e.getValue().input("print('set' + 'up')\r");
      e.getValue().awaitOutput("setup");
    }
    Thread.sleep(500); // let the debounced recovery snapshots reach the cluster

    long killedAt = System.nanoTime();
    cluster.node("n3").kill9();

    long worstMs = 0;
    i = 0;
    for (Map.Entry<JsonObject, TestSocket> e : onVictim.entrySet()) {
      TestSocket socket = e.getValue();
      JsonObject moved = socket.awaitFrame(f -> "moved".equals(f.getString("state")));
      socket.input("print(x + 1)\r");
      socket.awaitOutput(Integer.toString(42 + 100 * i++));
      worstMs = Math.max(worstMs, (System.nanoTime() - killedAt) / 1_000_000);
      String expected = Rendezvous.pick(e.getKey().getString("id"), SURVIVORS);
      assertThat(moved.getString("node")).isEqualTo(expected);
      assertThat(moved.getInteger("replayed")).isGreaterThan(0);
    }
    System.out.printf("failover after kill -9: %d sessions answering again on survivors, worst %d ms%n",
        onVictim.size(), worstMs);
    Set<String> newOwners = new HashSet<>();
    for (JsonObject session : onVictim.keySet()) {
      newOwners.add(cluster.ownerOf("n1", session));
    }
    assertThat(newOwners).containsExactlyInAnyOrderElementsOf(SURVIVORS);
    onVictim.values().forEach(TestSocket::close);
  }

  @Test
  void aClientOfTheDeadRouterReconnectsElsewhereAndResumesBySequence() throws Exception {
    JsonObject session = ClusterSessions.ownedBy(cluster, "n1", 1, "python").get(0);
    long lastSeq;
    try (TestSocket viaN3 = cluster.api("n3").join(session, session.getString("writeToken"), "me")) {
      viaN3.input("print('before' + 'crash')\r");
      viaN3.awaitOutput("beforecrash");
      viaN3.awaitOutput(">>> ");
      lastSeq = viaN3.frames().stream().filter(f -> "output".equals(f.getString("type")))
          .mapToLong(f -> f.getLong("seq")).max().orElseThrow();
      cluster.node("n3").kill9();
      viaN3.awaitClose();
    }
    try (TestSocket resumed = TestSocket.connect(cluster.vertx, cluster.node("n2").httpPort,
        Api.wsUri(session.getString("id"), session.getString("writeToken"), "me", lastSeq))) {
      resumed.input("print('after' + 'crash')\r");
      assertThat(resumed.awaitOutput("aftercrash")).doesNotContain("beforecrash");
    }
  }

  /**
   * Sessions owned by n3, each with a socket through n1, chosen so that rendezvous hashing
   * sends some to each survivor: the test then shows the spread, not a lucky draw.
   */
  private Map<JsonObject, TestSocket> sessionsOnN3CoveringBothSurvivors() {
    Map<JsonObject, TestSocket> chosen = new LinkedHashMap<>();
    Set<String> targets = new HashSet<>();
    List<JsonObject> others = new ArrayList<>();
    for (int attempt = 0; attempt < 40 && (chosen.size() < 4 || targets.size() < 2); attempt++) {
      JsonObject s = cluster.api("n1").createSession("python");
      if (!"n3".equals(s.getString("node"))) {
        others.add(s);
        continue;
      }
      targets.add(Rendezvous.pick(s.getString("id"), SURVIVORS));
      chosen.put(s, cluster.api("n1").join(s, s.getString("writeToken"), "writer-" + chosen.size()));
    }
    assertThat(targets).as("rendezvous targets of n3's sessions").hasSize(2);
    return chosen;
  }
}
