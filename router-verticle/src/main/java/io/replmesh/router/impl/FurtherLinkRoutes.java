package io.replmesh.router.impl;

import io.replmesh.protocol.ErrorCode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * further-link's API (seed 004): {@code GET /status}, {@code GET /version},
 * {@code POST /upload}, {@code WS /run} and {@code WS /run-py} ({@code ?pty=1} for a
 * terminal), on the same sandboxed sessions and cluster as everything else.
 */
public final class FurtherLinkRoutes {
  private final Vertx vertx;
  private final FurtherLinkUploads uploads;
  private final FurtherLinkRuns runs;
  private final String version;
  private final long maxBodyBytes;

  public FurtherLinkRoutes(Vertx vertx, JsonObject config) {
    this.vertx = vertx;
    this.uploads = new FurtherLinkUploads(vertx);
    this.runs = new FurtherLinkRuns(vertx, config, uploads);
    this.version = config.getString("version", "0.1.0");
    this.maxBodyBytes = config.getJsonObject("http", new JsonObject()).getLong("maxBodyBytes", 1L << 20);
  }

  public void mount(Router router) {
    router.get("/status").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain").end("OK"));
    router.get("/version").handler(ctx -> SessionRoutes.json(ctx, 200, new JsonObject().put("version", version).encode()));
    router.post("/upload").handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes)).handler(this::upload);
    router.get("/run").handler(ctx -> openSocket(ctx, true));
    router.get("/run-py").handler(ctx -> openSocket(ctx, false));
  }

  private void upload(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    if (body == null) {
      HttpErrors.send(ctx, ErrorCode.BAD_REQUEST, "the body must be {\"name\", \"files\"}");
      return;
    }
    uploads.upload(body)
        .onSuccess(v -> ctx.response().putHeader("Content-Type", "text/plain").end("OK"))
        .onFailure(e -> HttpErrors.send(ctx, e));
  }

  private void openSocket(RoutingContext ctx, boolean multi) {
    if (!ctx.request().canUpgradeToWebSocket()) {
      HttpErrors.send(ctx, ErrorCode.BAD_REQUEST, "this endpoint needs a websocket upgrade");
      return;
    }
    String ptyParam = ctx.request().getParam("pty", "0");
    boolean pty = ptyParam.equals("1") || ptyParam.equalsIgnoreCase("true");
    ctx.request().toWebSocket().onSuccess(ws -> new RunSocket(vertx, ws, runs, multi, pty));
  }
}
