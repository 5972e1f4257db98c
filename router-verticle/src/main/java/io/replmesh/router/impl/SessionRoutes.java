package io.replmesh.router.impl;

import io.replmesh.protocol.Actions;
import io.replmesh.protocol.Addresses;
import io.replmesh.protocol.ErrorCode;
import io.replmesh.protocol.RuntimeSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/** The native REST API and websocket endpoint under {@code /api/v1}. */
public final class SessionRoutes {
  private final Vertx vertx;
  private final String node;
  private final JsonArray runtimes = new JsonArray();
  private final long createTimeoutMs;
  private final long maxBodyBytes;
  private final int maxFrameBytes;
  private final String adminToken;
  private static final int MAX_FILES = 1000;
  private static final long QUERY_TIMEOUT_MS = 5_000;

  public SessionRoutes(Vertx vertx, JsonObject config) {
    this.vertx = vertx;
    this.node = config.getString("node");
    RuntimeSpec.allFrom(config).values().stream().filter(r -> !r.hidden()).forEach(r -> runtimes.add(r.describe()));
    this.createTimeoutMs = config.getJsonObject("session", new JsonObject()).getLong("spawnTimeoutMs", 15_000L) + 5_000;
    this.maxBodyBytes = config.getJsonObject("http", new JsonObject()).getLong("maxBodyBytes", 1L << 20);
    this.maxFrameBytes = config.getJsonObject("http", new JsonObject()).getInteger("maxFrameBytes", 65_536);
    this.adminToken = config.getJsonObject("admin", new JsonObject()).getString("token");
  }

  public void mount(Router router) {
    router.get("/api/v1/runtimes").handler(ctx -> json(ctx, 200, runtimes.encode()));
    router.post("/api/v1/sessions").handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes)).handler(this::create);
    router.get("/api/v1/sessions/:id/ws").handler(this::openSocket);
    router.get("/api/v1/sessions/:id").handler(this::info);
    router.delete("/api/v1/sessions/:id").handler(this::close);
    router.post("/api/v1/sessions/:id/restart").handler(this::restart);
    router.put("/api/v1/sessions/:id/files").handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes)).handler(this::putFiles);
    router.get("/api/v1/cluster").handler(ctx -> askHost(ctx, Actions.CLUSTER, 200));
    router.post("/api/v1/admin/drain").handler(this::drain);
    router.route("/api/*").handler(ctx -> HttpErrors.send(ctx, ErrorCode.NOT_FOUND, "no such API resource"));
  }

  private void create(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().isEmpty() ? new JsonObject() : ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      HttpErrors.send(ctx, ErrorCode.BAD_REQUEST, "the body must be a JSON object");
      return;
    }
    if (body == null || !(body.getValue("runtime") instanceof String)) {
      HttpErrors.send(ctx, ErrorCode.UNKNOWN_RUNTIME, "the body needs a string field 'runtime'");
      return;
    }
    if (body.containsKey("key") && !(body.getValue("key") instanceof String k && !k.isBlank() && k.length() <= 200)) {
      HttpErrors.send(ctx, ErrorCode.BAD_REQUEST, "'key' must be a string of 1..200 characters");
      return;
    }
    String filesProblem = filesProblem(body.getValue("files"), true);
    if (filesProblem != null) {
      HttpErrors.send(ctx, ErrorCode.BAD_PATH, filesProblem);
      return;
    }
    // Only what a client may choose: open sessions and program runs are made by the seed protocols' routes.
    JsonObject create = new JsonObject().put("runtime", body.getString("runtime"));
    if (body.getValue("key") != null) {
      create.put("key", body.getString("key"));
    }
    if (body.getValue("files") != null) {
      create.put("files", body.getJsonObject("files"));
    }
    if (PlatformAuth.subject(ctx) != null) {
      create.put("creator", PlatformAuth.subject(ctx));
    }
    vertx.eventBus().<JsonObject>request(Addresses.sessionHost(node), create,
            Actions.options(Actions.CREATE).setSendTimeout(createTimeoutMs))
        // A keyed request that finds its live session gets it back: 200, not a second session.
        .onSuccess(reply -> json(ctx, reply.body().getBoolean("existing", false) ? 200 : 201, reply.body().encode()))
        .onFailure(e -> HttpErrors.send(ctx, e));
  }

  private void info(RoutingContext ctx) {
    withSession(ctx, Actions.INFO, new JsonObject()).onSuccess(reply -> json(ctx, 200, reply.body().encode()));
  }

  private void close(RoutingContext ctx) {
    withSession(ctx, Actions.CLOSE, new JsonObject()).onSuccess(reply -> ctx.response().setStatusCode(204).end());
  }

  private void restart(RoutingContext ctx) {
    withSession(ctx, Actions.RESTART, new JsonObject()).onSuccess(reply -> json(ctx, 200, reply.body().encode()));
  }

  private void putFiles(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    String problem = body == null ? "the body must be {\"files\": {\"path\": \"text\"}}" : filesProblem(body.getValue("files"), false);
    if (problem != null) {
      HttpErrors.send(ctx, body == null ? ErrorCode.BAD_REQUEST : ErrorCode.BAD_PATH, problem);
      return;
    }
    withSession(ctx, Actions.FILES, new JsonObject().put("files", body.getJsonObject("files")))
        .onSuccess(reply -> json(ctx, 200, reply.body().encode()));
  }

  /** Why a {@code files} value is unacceptable, or null: an object of relative paths to text. */
  private static String filesProblem(Object files, boolean optional) {
    if (files == null && optional) {
      return null;
    }
    if (!(files instanceof JsonObject map) || map.isEmpty() && !optional) {
      return "'files' must be an object of {\"relative/path\": \"text\"}";
    }
    if (map.size() > MAX_FILES) {
      return "at most " + MAX_FILES + " files at once";
    }
    for (var file : map) {
      if (!(file.getValue() instanceof String)) {
        return "file '" + file.getKey() + "' must be given as text";
      }
      String problem = RelativePaths.problem(file.getKey());
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private void drain(RoutingContext ctx) {
    if (!Requests.isAdmin(ctx, adminToken)) {
      HttpErrors.send(ctx, ErrorCode.FORBIDDEN, "draining needs the admin token (or a request from loopback)");
      return;
    }
    askHost(ctx, Actions.DRAIN, 200);
  }

  private void askHost(RoutingContext ctx, String action, int status) {
    vertx.eventBus().<JsonObject>request(Addresses.sessionHost(node), new JsonObject(),
            Actions.options(action).setSendTimeout(60_000))
        .onSuccess(reply -> json(ctx, status, reply.body().encode()))
        .onFailure(e -> HttpErrors.send(ctx, e));
  }

  /** Asks the session (wherever it lives) to act with the caller's token; errors are answered here. */
  private Future<Message<JsonObject>> withSession(RoutingContext ctx, String action, JsonObject body) {
    String id = ctx.pathParam("id");
    String token = Requests.token(ctx);
    if (!Requests.isSessionId(id)) {
      HttpErrors.send(ctx, ErrorCode.SESSION_NOT_FOUND, "no such session");
      return Future.failedFuture("answered");
    }
    if (token == null) {
      HttpErrors.send(ctx, ErrorCode.MISSING_TOKEN, "a session token is required (Authorization: Bearer or ?token=)");
      return Future.failedFuture("answered");
    }
    // Only a restart waits for a REPL to start; anything else a live session answers at once.
    long timeoutMs = Actions.RESTART.equals(action) ? createTimeoutMs : QUERY_TIMEOUT_MS;
    return vertx.eventBus().<JsonObject>request(Addresses.session(id), body.put("token", token),
            Actions.options(action).setSendTimeout(timeoutMs))
        .onFailure(e -> HttpErrors.send(ctx, e));
  }

  private void openSocket(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String token = Requests.token(ctx);
    if (!ctx.request().canUpgradeToWebSocket()) {
      HttpErrors.send(ctx, ErrorCode.BAD_REQUEST, "this endpoint needs a websocket upgrade");
      return;
    }
    if (!Requests.isSessionId(id)) {
      HttpErrors.send(ctx, ErrorCode.SESSION_NOT_FOUND, "no such session");
      return;
    }
    if (token == null) {
      HttpErrors.send(ctx, ErrorCode.MISSING_TOKEN, "a session token is required (?token=)");
      return;
    }
    long after;
    try {
      after = Long.parseLong(ctx.request().getParam("after", "0"));
    } catch (NumberFormatException e) {
      HttpErrors.send(ctx, ErrorCode.BAD_REQUEST, "'after' must be a sequence number");
      return;
    }
    String alias = PlatformAuth.alias(ctx) != null ? PlatformAuth.alias(ctx) : ctx.request().getParam("alias");
    Upgrades.joinAndUpgrade(vertx, ctx, id, NativeProtocol.INSTANCE, token, alias, null, after, maxFrameBytes,
        PlatformAuth.maxRole(ctx));
  }

  static void json(RoutingContext ctx, int status, String body) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
  }

}
