package io.replmesh.router;

import io.replmesh.router.impl.EdgeGuards;
import io.replmesh.router.impl.FurtherLinkRoutes;
import io.replmesh.router.impl.HealthRoutes;
import io.replmesh.router.impl.HttpErrors;
import io.replmesh.router.impl.MetricsRoutes;
import io.replmesh.router.impl.PlatformAuth;
import io.replmesh.router.impl.ReplServerRoutes;
import io.replmesh.router.impl.SessionRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * replmesh's HTTP surface as a Vert.x Web {@link Router}, for the {@link RouterVerticle} or
 * for an application that mounts it in a router of its own
 * ({@code appRouter.route("/repl/*").subRouter(ReplmeshRoutes.create(vertx, config))}).
 */
public final class ReplmeshRoutes {
  private ReplmeshRoutes() {}

  public static Router create(Vertx vertx, JsonObject config) {
    Router router = Router.router(vertx);
    router.route().handler(MetricsRoutes::timeRequests);
    EdgeGuards guards = new EdgeGuards(config);
    router.route().handler(guards::checkOrigin);
    router.post("/api/v1/sessions").handler(guards::limitCreates);
    router.post("/sessions").handler(guards::limitCreates);
    PlatformAuth auth = new PlatformAuth(vertx, config);
    if (auth.enabled()) {
      for (String path : new String[] {"/api/v1/sessions", "/api/v1/sessions/*", "/sessions", "/sessions/*", "/run", "/run-py",
          "/upload"}) {
        router.route(path).handler(auth::require);
      }
    }
    new SessionRoutes(vertx, config).mount(router);
    new ReplServerRoutes(vertx, config).mount(router);
    new FurtherLinkRoutes(vertx, config).mount(router);
    new HealthRoutes(vertx, config).mount(router);
    MetricsRoutes.mount(router);
    router.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
    router.route("/*").handler(StaticHandler.create("webroot"));
    router.route().failureHandler(HttpErrors::handleFailure);
    return router;
  }
}
