package io.replmesh.session.impl;

import io.replmesh.session.Membership;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings sessions of lost nodes back, and retires stale copies. Run on every membership
 * change and periodically, on every node:
 * <ul>
 *   <li>a session whose owner is no longer a member is claimed by the survivor that
 *       rendezvous hashing names among the live, non-draining nodes (so a dead node's
 *       sessions spread over all survivors), by compare-and-set on the registry entry
 *       with the epoch raised: of several claimants exactly one wins;</li>
 *   <li>a session running here that the registry gives to another owner or epoch (this
 *       node was cut off and the others took it over) is stopped here.</li>
 * </ul>
 * A node without quorum claims nothing: on the minority side of a partition it cannot
 * tell a dead node from an unreachable one.
 */
public final class Failover {
  private static final Logger log = LoggerFactory.getLogger(Failover.class);

  private final ClusterMaps maps;
  private final Membership membership;
  private final NodeDirectory directory;
  private final LocalSessions local;
  private final String self;
  private final Function<JsonObject, Future<Void>> adopt;
  private final Consumer<String> stopStale;
  private boolean running;
  private boolean again;

  public Failover(ClusterMaps maps, Membership membership, NodeDirectory directory, LocalSessions local, String self,
                  Function<JsonObject, Future<Void>> adopt, Consumer<String> stopStale) {
    this.maps = maps;
    this.membership = membership;
    this.directory = directory;
    this.local = local;
    this.self = self;
    this.adopt = adopt;
    this.stopStale = stopStale;
  }

  /** Runs one pass; a request during a pass runs one more pass after it. Event-loop only. */
  public void reconcile() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    // Sessions deployed after this point may be missing from the registry read below: leave them be.
    Set<String> localBefore = local.ids();
    Future.all(maps.allSessions(), directory.candidates())
        .compose(both -> pass(both.resultAt(0), both.resultAt(1), localBefore))
        .onFailure(e -> log.warn("failover pass failed: {}", e.getMessage()))
        .onComplete(ar -> {
          running = false;
          if (again) {
            again = false;
            reconcile();
          }
        });
  }

  private Future<Void> pass(Map<String, JsonObject> registry, List<JsonObject> candidates, Set<String> localBefore) {
    for (String id : localBefore) {
      JsonObject entry = registry.get(id);
      LocalSessions.Local mine = local.get(id);
      if (mine != null && (entry == null || !membership.selfId().equals(entry.getString("ownerId"))
          || entry.getLong("epoch") != mine.epoch())) {
        log.warn("session={} node={} event=stale-copy-stopped registry=\"{}\"", id, self, entry == null ? "gone"
            : entry.getString("owner") + " epoch " + entry.getLong("epoch"));
        stopStale.accept(id);
      }
    }
    if (!membership.hasQuorum()) {
      log.warn("no quorum: not taking over any session until the cluster is whole again");
      return Future.succeededFuture();
    }
    List<String> names = candidates.stream().map(n -> n.getString("name")).toList();
    Set<String> live = membership.liveIds();
    List<Future<Void>> claims = registry.values().stream()
        .filter(entry -> !live.contains(entry.getString("ownerId")))
        .filter(entry -> self.equals(Rendezvous.pick(entry.getString("id"), names)))
        .map(this::claim)
        .toList();
    return Future.join(claims).mapEmpty();
  }

  private Future<Void> claim(JsonObject entry) {
    JsonObject claimed = entry.copy().put("owner", self).put("ownerId", membership.selfId())
        .put("epoch", entry.getLong("epoch") + 1);
    return maps.replaceSession(entry, claimed).compose(won -> {
      if (!won) {
        return Future.succeededFuture();
      }
      log.info("session={} node={} event=claimed from={} epoch={}", entry.getString("id"), self, entry.getString("owner"),
          claimed.getLong("epoch"));
      long claimedAt = System.nanoTime();
      return adopt.apply(claimed)
          .onSuccess(v -> MeshMetrics.failover(java.time.Duration.ofNanos(System.nanoTime() - claimedAt)));
    });
  }
}
