package io.replmesh.node;

import io.replmesh.container.ContainerVerticle;
import io.replmesh.container.Sandbox;
import io.replmesh.container.Sandboxes;
import io.replmesh.protocol.Actions;
import io.replmesh.protocol.Addresses;
import io.replmesh.router.RouterVerticle;
import io.replmesh.session.Membership;
import io.replmesh.session.SessionHostVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole replmesh node in one Vert.x instance: the container-verticle, the session host
 * and the router-verticle, deployed in that order so that each is ready before anything
 * can call it. {@link #main} runs one from the environment, standalone or clustered
 * ({@code REPLMESH_CLUSTER=true}); {@link #start} embeds one.
 */
public final class ReplmeshNode {
  private static final Logger log = LoggerFactory.getLogger(ReplmeshNode.class);
  /** SIGTERM to exit must fit Kubernetes' default 30 s grace period. */
  private static final long DRAIN_TIMEOUT_MS = 25_000;
  private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private final Vertx vertx;
  private final JsonObject config;
  private final RouterVerticle router;
  private final Membership membership;

  private ReplmeshNode(Vertx vertx, JsonObject config, RouterVerticle router, Membership membership) {
    this.vertx = vertx;
    this.config = config;
    this.router = router;
    this.membership = membership;
  }

  public static void main(String[] args) {
    // On 2 cores the JDK's common pool has parallelism 1, and then every async callback
    // Hazelcast completes on it gets a new thread (measured: thousands a minute under load).
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
      System.setProperty(COMMON_POOL_PARALLELISM, Integer.toString(Math.max(4, Runtime.getRuntime().availableProcessors())));
    }
    Map<String, String> env = System.getenv();
    JsonObject config = NodeConfig.load(env);
    boolean clustered = ClusterSetup.enabled(env);
    Future<ReplmeshNode> started = clustered ? startClustered(config, env)
        : start(vertxBuilder(new VertxOptions()).build(), config);
    started.onSuccess(node -> Runtime.getRuntime().addShutdownHook(new Thread(() -> node.shutdown(), "replmesh-shutdown")))
        .onFailure(e -> {
          log.error("node failed to start", e);
          System.exit(1);
        });
  }

  private static Future<ReplmeshNode> startClustered(JsonObject config, Map<String, String> env) {
    HazelcastClusterManager manager = ClusterSetup.clusterManager(env);
    VertxOptions options = new VertxOptions().setEventBusOptions(ClusterSetup.eventBus(env));
    return vertxBuilder(options).withClusterManager(manager).buildClustered().compose(vertx -> {
      Integer quorum = config.getJsonObject("cluster", new JsonObject()).getInteger("quorum");
      HazelcastMembership membership = new HazelcastMembership(manager, quorum);
      vertx.eventBus().<JsonObject>consumer(Addresses.CLUSTER_LEAVING,
          m -> membership.leftGracefully(m.body().getString("memberId")));
      log.info("joined cluster '{}' as member {} with {} members", manager.getConfig().getClusterName(),
          manager.getNodeId(), manager.getNodes().size());
      return start(vertx, config, membership);
    });
  }

  /**
   * A Vert.x builder with Micrometer metrics and a Prometheus backend, served at
   * {@code /metrics}; replmesh's own meters (Micrometer's global registry) go there too.
   */
  public static VertxBuilder vertxBuilder(VertxOptions options) {
    options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory());
  }

  /** Deploys a standalone node's verticles into {@code vertx}. */
  public static Future<ReplmeshNode> start(Vertx vertx, JsonObject config) {
    return start(vertx, config, Membership.standalone(config.getString("node")));
  }

  /**
   * Deploys a node's verticles into {@code vertx}. {@code config} is a complete node
   * configuration, e.g. {@link NodeConfig#load} or {@link NodeConfig#defaults} with changes
   * passed through {@link NodeConfig#complete}.
   */
  public static Future<ReplmeshNode> start(Vertx vertx, JsonObject config, Membership membership) {
    MeterRegistry prometheus = BackendRegistries.getDefaultNow();
    if (prometheus != null && !Metrics.globalRegistry.getRegistries().contains(prometheus)) {
      Metrics.addRegistry(prometheus);
    }
    JsonObject http = config.getJsonObject("http");
    return vertx.executeBlocking(() -> Sandboxes.fromConfig(config)).compose(sandbox -> {
      warnIfUnsandboxed(sandbox, http);
      if (http.getString("host") == null) {
        http.put("host", sandbox.isolated() ? "0.0.0.0" : "127.0.0.1");
      }
      RouterVerticle router = new RouterVerticle(config);
      return vertx.deployVerticle(new ContainerVerticle(config, sandbox))
          .compose(id -> vertx.deployVerticle(new SessionHostVerticle(config, membership)))
          .compose(id -> vertx.deployVerticle(router))
          .map(id -> new ReplmeshNode(vertx, config, router, membership));
    });
  }

  private static void warnIfUnsandboxed(Sandbox sandbox, JsonObject http) {
    if (!sandbox.isolated()) {
      log.warn("""

          ************************************************************************
          *  UNSANDBOXED: sandbox '{}' runs REPLs as this node's own user, with  *
          *  its rights. Anyone who can open a session can run anything here.    *
          *  For development only. {}
          ************************************************************************""",
          sandbox.name(), http.getString("host") == null ? "Binding to loopback only." : "");
    }
  }

  /**
   * Leaves on purpose (SIGTERM): hands every session to the other nodes, tells them this
   * member is leaving (so it does not count against their quorum), then leaves the cluster.
   */
  public void shutdown() {
    long started = System.currentTimeMillis();
    try {
      if (vertx.isClustered()) {
        vertx.eventBus().request(Addresses.sessionHost(name()), new JsonObject(),
                Actions.options(Actions.DRAIN).setSendTimeout(DRAIN_TIMEOUT_MS))
            .await(DRAIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        vertx.eventBus().publish(Addresses.CLUSTER_LEAVING, new JsonObject().put("memberId", membership.selfId()));
      }
    } catch (Exception e) {
      log.warn("drain did not finish: {}", e.toString());
    }
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("close did not finish: {}", e.toString());
    }
    log.info("node {} stopped in {} ms", name(), System.currentTimeMillis() - started);
  }

  public String name() {
    return config.getString("node");
  }

  public int httpPort() {
    return router.actualPort();
  }

  public JsonObject config() {
    return config;
  }

  public Vertx vertx() {
    return vertx;
  }
}
