package io.replmesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.testkit.Api;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The probes Kubernetes uses: live while the node answers, ready only while it can take sessions. */
class HealthTest {
  private Vertx vertx;
  private Api api;

  @BeforeEach
  void startNode() {
    vertx = Vertx.vertx();
    api = new Api(vertx, TestNodes.start(vertx).httpPort());
  }

  @AfterEach
  void stopNode() {
    api.close();
    vertx.close().await();
  }

  @Test
  void aRunningNodeIsLiveAndReady() {
    var live = api.get("/health/live", null);
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.bodyAsJsonObject().getString("status")).isEqualTo("UP");
    var ready = api.get("/health/ready", null);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getJsonArray("checks").getJsonObject(0).getJsonObject("data")
        .getBoolean("registry")).isTrue();
  }

  @Test
  void aDrainingNodeIsNoLongerReadyButStillLive() {
    api.createSession("bash");
    var drained = api.send(HttpMethod.POST, "/api/v1/admin/drain", null, null);
    assertThat(drained.statusCode()).isEqualTo(200);
    var ready = api.get("/health/ready", null);
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");
    assertThat(api.get("/health/live", null).statusCode()).isEqualTo(200);
  }
}
