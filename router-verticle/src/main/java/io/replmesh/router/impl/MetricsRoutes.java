package io.replmesh.router.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * {@code GET /metrics} in Prometheus' text format, when the Vert.x instance was built with
 * Micrometer metrics and a Prometheus backend (as the node builds it): Vert.x's own event-bus
 * and pool metrics, the JVM's, and replmesh's ({@code replmesh_*}), HTTP requests included:
 * the vertx-micrometer-metrics reachable here (5.0.4) does not see core 5.1's HTTP server,
 * so the router times requests itself.
 */
public final class MetricsRoutes {
  /** Output a slow socket could not take at once and got later from the scrollback. */
  static final Counter CATCH_UPS = Counter.builder("replmesh.output.catchups")
      .description("times a slow socket stopped being written to and caught up from the scrollback")
      .register(Metrics.globalRegistry);

  /** Websockets open on this node's router, all protocols together. */
  static final AtomicInteger OPEN_SOCKETS = Metrics.globalRegistry.gauge("replmesh.websockets.open", new AtomicInteger());

  private MetricsRoutes() {}

  /** Times every request, tagged by method and status only: paths carry session ids. */
  public static void timeRequests(RoutingContext ctx) {
    long started = System.nanoTime();
    ctx.addEndHandler(v -> Timer.builder("replmesh.http.requests")
        .tag("method", ctx.request().method().name()).tag("status", Integer.toString(ctx.response().getStatusCode()))
        .register(Metrics.globalRegistry).record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
    ctx.next();
  }

  public static void mount(Router router) {
    if (BackendRegistries.getDefaultNow() != null) {
      router.get("/metrics").handler(PrometheusScrapingHandler.create());
    }
  }
}
