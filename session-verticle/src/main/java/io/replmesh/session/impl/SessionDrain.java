package io.replmesh.session.impl;

import io.replmesh.protocol.Actions;
import io.replmesh.protocol.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every session of a node that is asked to stop to the other nodes, the same way a
 * failover would but without losing the last moments: each session stops its REPL and
 * writes a final snapshot, the registry entry moves to the target with a higher epoch
 * (compare-and-set), and the target brings the session back. The node first marks itself
 * draining, so no new session is placed on it meanwhile.
 */
public final class SessionDrain {
  private static final Logger log = LoggerFactory.getLogger(SessionDrain.class);
  /** Sessions handed over at once: enough to finish well inside a 30 s grace period. */
  private static final int PARALLEL = 8;

  private final Vertx vertx;
  private final ClusterMaps maps;
  private final NodeDirectory directory;
  private final LocalSessions local;
  private final String self;
  private final Consumer<String> forget;

  public SessionDrain(Vertx vertx, ClusterMaps maps, NodeDirectory directory, LocalSessions local, String self,
                      Consumer<String> forget) {
    this.vertx = vertx;
    this.maps = maps;
    this.directory = directory;
    this.local = local;
    this.self = self;
    this.forget = forget;
  }

  /** Answers {@code {moved, failed, targets}}. */
  public Future<JsonObject> run() {
    long started = System.currentTimeMillis();
    return directory.markDraining()
        .compose(v -> directory.candidates())
        .compose(candidates -> {
          List<JsonObject> targets = candidates.stream().filter(n -> !self.equals(n.getString("name"))).toList();
          List<String> ids = new ArrayList<>(local.ids());
          log.info("draining {}: {} sessions to {}", self, ids.size(), targets);
          if (targets.isEmpty()) {
            return Future.succeededFuture(new JsonObject().put("moved", 0).put("failed", ids.size())
                .put("targets", new JsonArray()));
          }
          int[] moved = new int[1];
          return inBatches(ids, id -> handOver(id, targets).onSuccess(v -> moved[0]++))
              .map(v -> new JsonObject().put("moved", moved[0]).put("failed", ids.size() - moved[0])
                  .put("targets", NodeDirectory.names(targets)));
        })
        .onSuccess(r -> log.info("drained {} in {} ms: {}", self, System.currentTimeMillis() - started, r.encode()));
  }

  private Future<Void> inBatches(List<String> ids, java.util.function.Function<String, Future<Void>> each) {
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < ids.size(); from += PARALLEL) {
      List<String> batch = ids.subList(from, Math.min(ids.size(), from + PARALLEL));
      chain = chain.compose(v -> Future.join(batch.stream().map(each).toList()).<Void>mapEmpty()
          .recover(e -> Future.succeededFuture()));
    }
    return chain;
  }

  private Future<Void> handOver(String id, List<JsonObject> targets) {
    String target = Rendezvous.pick(id, targets.stream().map(n -> n.getString("name")).toList());
    String targetId = targets.stream().filter(n -> target.equals(n.getString("name"))).findFirst()
        .orElseThrow().getString("nodeId");
    return request(Addresses.session(id), Actions.HANDOVER, new JsonObject())
        .compose(v -> maps.session(id))
        .compose(entry -> maps.replaceSession(entry, entry.copy().put("owner", target)
                .put("ownerId", targetId).put("epoch", entry.getLong("epoch") + 1))
            .compose(won -> won ? Future.succeededFuture() : Future.failedFuture("the registry entry changed meanwhile")))
        .compose(v -> undeployLocal(id))
        .compose(v -> request(Addresses.sessionHost(target), Actions.ADOPT, new JsonObject().put("id", id)))
        .onComplete(ar -> MeshMetrics.handover(ar.succeeded()))
        .onFailure(e -> log.warn("session={} node={} event=handover-failed target={} error=\"{}\"", id, self, target,
            e.getMessage()))
        .mapEmpty();
  }

  private Future<Void> undeployLocal(String id) {
    LocalSessions.Local mine = local.remove(id);
    forget.accept(id);
    return mine == null ? Future.succeededFuture() : vertx.undeploy(mine.deploymentId());
  }

  private Future<JsonObject> request(String address, String action, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body,
        Actions.options(action).setSendTimeout(15_000)).map(m -> m.body());
  }
}
