package io.replmesh.router.impl;

import io.replmesh.protocol.Actions;
import io.replmesh.protocol.Addresses;
import io.replmesh.protocol.ErrorCode;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * repl-server's HTTP and websocket API (seed 001), on the same sessions as the native one:
 * a service cookie names the user ({@code GET /touch}), {@code POST /sessions} starts a
 * shared Node REPL (or {@code ?runtime=}), {@code WS /sessions/{id}} joins it (cookie
 * required), {@code GET /sessions/{id}/activeUsers} lists who is in. Its sessions are open:
 * the unguessable id is what lets a user in, as in repl-server.
 */
public final class ReplServerRoutes {
  static final String COOKIE = "replmesh_user";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final String node;
  private final long createTimeoutMs;
  private final int maxFrameBytes;

  public ReplServerRoutes(Vertx vertx, JsonObject config) {
    this.vertx = vertx;
    this.node = config.getString("node");
    this.createTimeoutMs = config.getJsonObject("session", new JsonObject()).getLong("spawnTimeoutMs", 15_000L) + 5_000;
    this.maxFrameBytes = config.getJsonObject("http", new JsonObject()).getInteger("maxFrameBytes", 65_536);
  }

  public void mount(Router router) {
    router.get("/touch").handler(this::touch);
    router.get("/sessions/touch").handler(this::touch);
    router.post("/sessions").handler(this::create);
    router.get("/sessions/:id/activeUsers").handler(this::activeUsers);
    router.get("/sessions/:id").handler(this::openSocket);
  }

  private void touch(RoutingContext ctx) {
    if (ctx.request().getCookie(COOKIE) == null) {
      byte[] id = new byte[24];
      RANDOM.nextBytes(id);
      ctx.response().addCookie(Cookie.cookie(COOKIE, Base64.getUrlEncoder().withoutPadding().encodeToString(id))
          .setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.LAX).setMaxAge(365L * 24 * 3600));
    }
    ctx.response().setStatusCode(200).end();
  }

  private void create(RoutingContext ctx) {
    String runtime = ctx.request().getParam("runtime", "node");
    JsonObject request = new JsonObject().put("runtime", runtime).put("open", true);
    vertx.eventBus().<JsonObject>request(Addresses.sessionHost(node), request,
            Actions.options(Actions.CREATE).setSendTimeout(createTimeoutMs))
        .onSuccess(reply -> SessionRoutes.json(ctx, 200, new JsonObject().put("sessionId", reply.body().getString("id")).encode()))
        .onFailure(e -> HttpErrors.send(ctx, e));
  }

  private void activeUsers(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!Requests.isSessionId(id)) {
      HttpErrors.send(ctx, ErrorCode.SESSION_NOT_FOUND, "no such session");
      return;
    }
    vertx.eventBus().<JsonArray>request(Addresses.session(id), new JsonObject(),
            Actions.options(Actions.ACTIVE_USERS).setSendTimeout(5_000))
        .onSuccess(reply -> SessionRoutes.json(ctx, 200, reply.body().encode()))
        .onFailure(e -> HttpErrors.send(ctx, e));
  }

  private void openSocket(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (!ctx.request().canUpgradeToWebSocket()) {
      HttpErrors.send(ctx, ErrorCode.NOT_FOUND, "GET /sessions/{id} is a websocket");
    } else if (cookie == null || cookie.getValue().isBlank()) {
      HttpErrors.send(ctx, ErrorCode.MISSING_TOKEN, "the service cookie is missing: GET /touch first");
    } else if (!Requests.isSessionId(id)) {
      HttpErrors.send(ctx, ErrorCode.SESSION_NOT_FOUND, "no such session");
    } else {
      Upgrades.joinAndUpgrade(vertx, ctx, id, ReplServerProtocol.INSTANCE, null, PlatformAuth.alias(ctx),
          userIdOf(cookie.getValue()), 0, maxFrameBytes, PlatformAuth.maxRole(ctx));
    }
  }

  /** Others see this id: derived from the cookie, never the cookie itself, which would let them impersonate. */
  static String userIdOf(String cookie) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(("replmesh-user:" + cookie).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
