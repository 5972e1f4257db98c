package io.replmesh.router.impl;

import io.replmesh.protocol.Actions;
import io.replmesh.protocol.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

/**
 * Probes for orchestrators: {@code /health/live} (the node's event loops answer) and
 * {@code /health/ready} (it can route and own sessions: its session host answers, the
 * cluster registry is reachable, it has quorum, it is not draining). 200 when UP, 503 when
 * DOWN, with the checks' details as JSON. Before a clustered node has joined, nothing
 * listens at all.
 */
public final class HealthRoutes {
  private final Vertx vertx;
  private final String node;

  public HealthRoutes(Vertx vertx, JsonObject config) {
    this.vertx = vertx;
    this.node = config.getString("node");
  }

  public void mount(Router router) {
    HealthCheckHandler live = HealthCheckHandler.create(vertx).register("event-loop", p -> p.complete(Status.OK()));
    HealthCheckHandler ready = HealthCheckHandler.create(vertx).register("node", 3_000, p ->
        vertx.eventBus().<JsonObject>request(Addresses.sessionHost(node), new JsonObject(),
                Actions.options(Actions.HEALTH).setSendTimeout(3_000))
            .onSuccess(reply -> p.complete(reply.body().getBoolean("ready") ? Status.OK(reply.body()) : Status.KO(reply.body())))
            .onFailure(e -> p.complete(Status.KO(new JsonObject().put("error", String.valueOf(e.getMessage()))))));
    router.get("/health/live").handler(live);
    router.get("/health/ready").handler(ready);
  }
}
