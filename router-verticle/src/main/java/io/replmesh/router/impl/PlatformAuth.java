package io.replmesh.router.impl;

import io.replmesh.protocol.ErrorCode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.RoutingContext;

/**
 * Optional login for platforms that put replmesh behind their own: with {@code auth.jwt}
 * configured ({@code {algorithm: HS256, secret}} or {@code {algorithm: RS256, publicKey: PEM}},
 * optional {@code issuer}, {@code audience}), creating and joining sessions need a valid JWT in
 * {@code Authorization: Bearer} (or {@code ?access_token=} where a browser cannot set headers:
 * websockets). It names the user ({@code sub}), the alias ({@code name}) and may restrict the
 * role ({@code role: "reader"}). Session tokens keep working for link sharing, then in
 * {@code ?token=} or {@code X-Session-Token}.
 */
public final class PlatformAuth {
  static final String USER = "replmesh.user";

  private final JWTAuth jwt;

  public PlatformAuth(Vertx vertx, JsonObject config) {
    JsonObject options = config.getJsonObject("auth", new JsonObject()).getJsonObject("jwt");
    this.jwt = options == null || (options.getString("secret") == null && options.getString("publicKey") == null)
        ? null : JWTAuth.create(vertx, jwtOptions(options));
  }

  public boolean enabled() {
    return jwt != null;
  }

  /** A route handler: lets the request on with its user, or answers 401. */
  public void require(RoutingContext ctx) {
    if (jwt == null) {
      ctx.next();
      return;
    }
    String token = bearer(ctx);
    if (token == null) {
      HttpErrors.send(ctx, ErrorCode.MISSING_TOKEN, "a JWT is required (Authorization: Bearer, or ?access_token=)");
      return;
    }
    ctx.request().pause(); // a websocket upgrade must still be possible after the check
    jwt.authenticate(new TokenCredentials(token))
        .onSuccess(user -> {
          ctx.put(USER, user);
          ctx.request().resume();
          ctx.next();
        })
        .onFailure(e -> HttpErrors.send(ctx, ErrorCode.MISSING_TOKEN, "invalid JWT: " + e.getMessage()));
  }

  /** The alias the JWT names, or null without one. */
  static String alias(RoutingContext ctx) {
    User user = ctx.get(USER);
    return user == null ? null : user.principal().getString("name", user.principal().getString("sub"));
  }

  /** "reader" when the JWT restricts its holder to watching, else null. */
  static String maxRole(RoutingContext ctx) {
    User user = ctx.get(USER);
    return user != null && "reader".equals(user.principal().getString("role")) ? "reader" : null;
  }

  /** The JWT's subject: whom a new session counts against. */
  static String subject(RoutingContext ctx) {
    User user = ctx.get(USER);
    return user == null ? null : user.principal().getString("sub");
  }

  static boolean authenticated(RoutingContext ctx) {
    return ctx.get(USER) != null;
  }

  private static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    return ctx.request().getParam("access_token");
  }

  private static JWTAuthOptions jwtOptions(JsonObject options) {
    String algorithm = options.getString("algorithm", options.getString("secret") != null ? "HS256" : "RS256");
    PubSecKeyOptions key = new PubSecKeyOptions().setAlgorithm(algorithm)
        .setBuffer(options.getString("secret") != null ? options.getString("secret") : options.getString("publicKey"));
    JWTOptions checks = new JWTOptions();
    if (options.getString("issuer") != null) {
      checks.setIssuer(options.getString("issuer"));
    }
    if (options.getString("audience") != null) {
      checks.addAudience(options.getString("audience"));
    }
    return new JWTAuthOptions().addPubSecKey(key).setJWTOptions(checks);
  }
}
