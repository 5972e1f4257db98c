package io.replmesh.node.production;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.node.ReplmeshNode;
import io.replmesh.node.TestNodes;
import io.replmesh.testkit.Api;
import io.replmesh.testkit.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** /metrics exposes replmesh's series and Vert.x's own once a session has run. */
class MetricsTest {

  @Test
  void theNamedSeriesAppearAfterASessionRan() {
    Vertx vertx = ReplmeshNode.vertxBuilder(new VertxOptions()).build();
    try (Api api = new Api(vertx, TestNodes.start(vertx).httpPort())) {
      JsonObject s = api.createSession("bash");
      try (TestSocket socket = api.join(s, s.getString("writeToken"), "me")) {
        socket.input("echo metered-$((1+1)); exit 0\r");
        socket.awaitFrame(f -> "exited".equals(f.getString("state")));
      }
      var response = api.get("/metrics", null);
      assertThat(response.statusCode()).isEqualTo(200);
      String text = response.bodyAsString();
      assertThat(text)
          .contains("replmesh_sessions{runtime=\"bash\"}")
          .contains("replmesh_participants")
          .contains("replmesh_session_starts_seconds_count{outcome=\"ok\",runtime=\"bash\"}")
          .contains("replmesh_output_bytes_total{runtime=\"bash\"}")
          .contains("replmesh_process_exits_total{reason=\"exited\",runtime=\"bash\"}")
          .contains("replmesh_http_requests_seconds_count{method=\"POST\",status=\"201\"}")
          .contains("replmesh_websockets_open")
          .contains("vertx_eventbus_delivered_total");
    } finally {
      vertx.close().await();
    }
  }
}
