package io.replmesh.session;

import io.replmesh.protocol.Actions;
import io.replmesh.protocol.Addresses;
import io.replmesh.protocol.ErrorCode;
import io.replmesh.protocol.RuntimeSpec;
import io.replmesh.session.impl.ClusterMaps;
import io.replmesh.session.impl.Failover;
import io.replmesh.session.impl.LocalSessions;
import io.replmesh.session.impl.MeshMetrics;
import io.replmesh.session.impl.NodeDirectory;
import io.replmesh.session.impl.SessionDrain;
import io.replmesh.session.impl.SessionEnvironment;
import io.replmesh.session.impl.Tokens;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per node: owns this node's sessions. On {@code replmesh.host.NODE} it answers
 * {@code create} (placing the session on the least-loaded live node, this one or another),
 * {@code adopt} (bring back a session this node now owns), {@code cluster} and
 * {@code drain}. It keeps this node's entry in the node directory fresh and runs
 * {@link Failover} on every membership change and every few seconds. Sessions are child
 * deployments: undeploying the host ends them all.
 *
 * <p>Configuration: {@code node}, {@code runtimes}, {@code session {...}},
 * {@code cluster {heartbeatMs, reconcileMs}}.
 */
public final class SessionHostVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(SessionHostVerticle.class);

  private final JsonObject config;
  private final String node;
  private final Membership membership;
  private final Map<String, RuntimeSpec> runtimes;
  private final LocalSessions local = new LocalSessions();
  private ClusterMaps maps;
  private NodeDirectory directory;
  private SessionEnvironment env;
  private Failover failover;

  /** A standalone node: a cluster of one. */
  public SessionHostVerticle(JsonObject config) {
    this(config, Membership.standalone(config.getString("node")));
  }

  public SessionHostVerticle(JsonObject config, Membership membership) {
    this.config = config;
    this.node = config.getString("node");
    this.membership = membership;
    this.runtimes = RuntimeSpec.allFrom(config);
  }

  /** How many sessions this node owns now. */
  public int sessionCount() {
    return local.size();
  }

  @Override
  public Future<?> start() {
    maps = new ClusterMaps(vertx);
    directory = new NodeDirectory(maps, membership, node, local::size);
    env = new SessionEnvironment(node, config.getJsonObject("session", new JsonObject()), maps, runtimes, this::forget);
    failover = new Failover(maps, membership, directory, local, node, this::adopt, this::stopStale);
    JsonObject cluster = config.getJsonObject("cluster", new JsonObject());
    membership.onChange(v -> context.runOnContext(x -> directory.publish().onComplete(y -> failover.reconcile())));
    vertx.setPeriodic(cluster.getLong("heartbeatMs", 2_000L), id -> directory.publish());
    vertx.setPeriodic(cluster.getLong("reconcileMs", 3_000L), id -> failover.reconcile());
    return directory.publish()
        .compose(v -> vertx.eventBus().<JsonObject>consumer(Addresses.sessionHost(node), this::onMessage).completion())
        .onSuccess(v -> failover.reconcile());
  }

  @Override
  public Future<?> stop() {
    return directory.remove().recover(e -> Future.succeededFuture());
  }

  private void onMessage(Message<JsonObject> message) {
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    Future<JsonObject> answer = switch (String.valueOf(message.headers().get(Actions.HEADER))) {
      case Actions.CREATE -> body.getBoolean("placed", false) ? createHere(body) : place(body);
      case Actions.ADOPT -> maps.session(body.getString("id")).compose(this::adopt).map((JsonObject) null);
      case Actions.CLUSTER -> directory.all().map(nodes -> new JsonObject().put("self", node)
          .put("nodes", new JsonArray(nodes)));
      case Actions.DRAIN -> new SessionDrain(vertx, maps, directory, local, node, this::forget).run();
      case Actions.HEALTH -> health();
      default -> Future.failedFuture(ErrorCode.UNKNOWN_TYPE.exception("unknown session host action"));
    };
    ErrorCode.replyWhenDone(message, answer);
  }

  /**
   * Starts a session on the least-loaded live node. With a {@code key}, the key is claimed
   * cluster-wide first: while a live session holds it, that session is the answer
   * ({@code existing: true}) and none is started.
   */
  private Future<JsonObject> place(JsonObject request) {
    String runtime = request.getString("runtime");
    if (runtime == null || !runtimes.containsKey(runtime)) {
      return Future.failedFuture(ErrorCode.UNKNOWN_RUNTIME.exception(
          "unknown runtime '" + runtime + "'; known: " + String.join(", ", runtimes.keySet())));
    }
    return placeOrFind(request);
  }

  /** With platform login, a user may hold at most admission.maxSessionsPerUser live sessions cluster-wide. */
  private Future<Void> withinUserCap(String creator) {
    int cap = config.getJsonObject("admission", new JsonObject()).getInteger("maxSessionsPerUser", 20);
    if (creator == null) {
      return Future.succeededFuture();
    }
    return maps.allSessions().compose(all -> {
      long held = all.values().stream().filter(e -> creator.equals(e.getString("creator"))).count();
      return held < cap ? Future.succeededFuture()
          : Future.failedFuture(ErrorCode.USER_CAP.exception(creator + " already has " + held + " live sessions (at most " + cap + ")"));
    });
  }

  private Future<JsonObject> placeOrFind(JsonObject request) {
    String key = request.getString("key");
    if (key == null) {
      return placeNew(request.copy().put("id", Tokens.newSessionId()));
    }
    String id = Tokens.newSessionId();
    // Only a new session counts against its creator's cap: asking again for a keyed one does not.
    return maps.claimKey(key, id).compose(holder -> holder.equals(id)
        ? placeNew(request.copy().put("id", id)).onFailure(e -> maps.releaseKey(key, id))
        : existingOrReclaim(request, key, holder));
  }

  /** The key's holder, if it still lives; a key left by a session that died without closing is taken over. */
  private Future<JsonObject> existingOrReclaim(JsonObject request, String key, String holder) {
    return maps.session(holder).compose(entry -> {
      if (entry != null) {
        JsonObject tokens = entry.getJsonObject("keyTokens", new JsonObject());
        return Future.succeededFuture(new JsonObject().put("id", holder).put("runtime", entry.getString("runtime"))
            .put("node", entry.getString("owner")).put("key", key).put("existing", true)
            .put("writeToken", tokens.getString("writeToken")).put("readToken", tokens.getString("readToken"))
            .put("createdAt", entry.getLong("createdAt")));
      }
      return maps.releaseKey(key, holder).compose(released -> placeOrFind(request));
    });
  }

  private Future<JsonObject> placeNew(JsonObject request) {
    return withinUserCap(request.getString("creator")).compose(v -> directory.candidates()).compose(candidates -> {
      String target = leastLoaded(candidates);
      if (target == null || target.equals(node)) {
        return createHere(request);
      }
      DeliveryOptions options = Actions.options(Actions.CREATE)
          .setSendTimeout(env.spawnTimeoutMs() + 5_000);
      return vertx.eventBus().<JsonObject>request(Addresses.sessionHost(target), request.copy().put("placed", true), options)
          .map(Message::body)
          // The chosen node may have gone since the directory was read: then start it here.
          .recover(e -> ErrorCode.of(e) == ErrorCode.SESSION_NOT_FOUND ? createHere(request) : Future.failedFuture(e));
    });
  }

  /**
   * Ready to route and own sessions: the registry answers (the cluster is joined and its
   * maps reachable), this side of the cluster has quorum, and the node is not draining.
   */
  private Future<JsonObject> health() {
    return maps.session("health-probe").timeout(2, java.util.concurrent.TimeUnit.SECONDS)
        .map(v -> true).recover(e -> Future.succeededFuture(false))
        .map(registry -> new JsonObject().put("registry", registry).put("draining", directory.draining())
            .put("quorum", membership.hasQuorum()).put("members", membership.liveIds().size())
            .put("sessions", local.size())
            .put("ready", registry && membership.hasQuorum() && !directory.draining()));
  }

  /** Random among the least loaded: routers that place at the same moment do not all pick one node. */
  private static String leastLoaded(List<JsonObject> candidates) {
    if (candidates.isEmpty()) {
      return null;
    }
    int least = candidates.get(0).getInteger("sessions", 0);
    List<JsonObject> tied = candidates.stream().filter(n -> n.getInteger("sessions", 0) == least).toList();
    return tied.get(ThreadLocalRandom.current().nextInt(tied.size())).getString("name");
  }

  private Future<JsonObject> createHere(JsonObject request) {
    int cap = config.getJsonObject("admission", new JsonObject()).getInteger("maxSessionsPerNode", 1000);
    if (local.size() >= cap) {
      return Future.failedFuture(ErrorCode.AT_CAPACITY.exception(node + " runs its maximum of " + cap + " sessions"));
    }
    String runtime = request.getString("runtime");
    if (runtime == null || !runtimes.containsKey(runtime)) {
      return Future.failedFuture(ErrorCode.UNKNOWN_RUNTIME.exception("unknown runtime '" + runtime + "'"));
    }
    String writeToken = Tokens.newToken();
    String readToken = Tokens.newToken();
    String key = request.getString("key");
    SessionSpec spec = new SessionSpec(request.getString("id", Tokens.newSessionId()), runtime, Tokens.hash(writeToken),
        Tokens.hash(readToken), System.currentTimeMillis(), key, request.getBoolean("open", false),
        request.getJsonObject("launch", new JsonObject()));
    JsonObject entry = spec.toJson().put("owner", node).put("ownerId", membership.selfId()).put("epoch", 1L);
    if (request.getString("creator") != null) {
      entry.put("creator", request.getString("creator"));
    }
    if (key != null) {
      // A key is a capability (cyber-dojo's kata/animal): whoever presents it gets the session back, tokens included.
      entry.put("keyTokens", new JsonObject().put("writeToken", writeToken).put("readToken", readToken));
    }
    JsonObject initial = new JsonObject().put("files", request.getJsonObject("files", new JsonObject()));
    long startedAt = System.nanoTime();
    return maps.putSession(entry)
        .compose(v -> deploy(spec, 1L, initial))
        .onComplete(ar -> MeshMetrics.sessionStart(runtime, ar.succeeded(), Duration.ofNanos(System.nanoTime() - startedAt)))
        .onFailure(e -> maps.removeSession(spec.id()))
        .recover(e -> Future.failedFuture(ErrorCode.of(e) == ErrorCode.INTERNAL
            ? ErrorCode.SPAWN_FAILED.exception("the REPL did not start: " + e.getMessage()) : e))
        .map(v -> {
          JsonObject created = new JsonObject().put("id", spec.id()).put("runtime", runtime).put("node", node)
              .put("writeToken", writeToken).put("readToken", readToken).put("createdAt", spec.createdAt())
              .put("state", "running");
          return key == null ? created : created.put("key", key).put("existing", false);
        });
  }

  /** Brings back a session the registry gives to this node, from its recovery snapshot. */
  private Future<Void> adopt(JsonObject entry) {
    if (entry == null || !membership.selfId().equals(entry.getString("ownerId"))) {
      return Future.failedFuture(ErrorCode.FORBIDDEN.exception("the registry does not give this session to " + node));
    }
    String id = entry.getString("id");
    if (local.contains(id)) {
      return Future.succeededFuture();
    }
    return maps.recovery(id)
        .map(snapshot -> snapshot != null ? snapshot : new JsonObject().put("seq", 0L))
        .compose(snapshot -> deploy(SessionSpec.fromJson(entry), entry.getLong("epoch"), snapshot))
        .onFailure(e -> log.error("session={} node={} event=adopt-failed", id, node, e));
  }

  private Future<Void> deploy(SessionSpec spec, long epoch, JsonObject initial) {
    return vertx.deployVerticle(new SessionVerticle(spec, epoch, initial, env))
        .onSuccess(deploymentId -> local.put(spec.id(), deploymentId, epoch, spec.runtime()))
        .compose(v -> directory.publish());
  }

  private void stopStale(String id) {
    LocalSessions.Local stale = local.remove(id);
    if (stale != null) {
      vertx.undeploy(stale.deploymentId());
      directory.publish();
    }
  }

  private void forget(String id) {
    if (local.remove(id) != null) {
      directory.publish();
    }
  }
}
