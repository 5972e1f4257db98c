package io.replmesh.router.impl;

import io.replmesh.protocol.ErrorCode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Checks at the edge, before anything reaches a session:
 * <ul>
 *   <li>a websocket upgrade from a browser page of another site is refused
 *       (cross-site websocket hijacking): its Origin must be this host or listed in
 *       {@code http.allowedOrigins} ({@code "*"} allows any); clients that send no Origin
 *       (not browsers) pass;</li>
 *   <li>session creation is rate-limited per client address
 *       ({@code admission.createsPerClientPerMinute}, a token bucket).</li>
 * </ul>
 */
public final class EdgeGuards {
  private final Set<String> allowedOrigins;
  private final double createsPerMinute;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  public EdgeGuards(JsonObject config) {
    JsonObject http = config.getJsonObject("http", new JsonObject());
    this.allowedOrigins = http.getJsonArray("allowedOrigins", new JsonArray()).stream().map(String::valueOf)
        .map(o -> o.replaceAll("/+$", "").toLowerCase()).collect(Collectors.toSet());
    this.createsPerMinute = config.getJsonObject("admission", new JsonObject()).getDouble("createsPerClientPerMinute", 600.0);
  }

  /** For every request: refuses websocket upgrades from foreign origins. */
  public void checkOrigin(RoutingContext ctx) {
    String upgrade = ctx.request().getHeader(HttpHeaders.UPGRADE);
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    if (upgrade == null || !upgrade.equalsIgnoreCase("websocket") || origin == null || originAllowed(origin, ctx)) {
      ctx.next();
      return;
    }
    HttpErrors.send(ctx, ErrorCode.FORBIDDEN_ORIGIN, "websocket connections from " + origin + " are not allowed");
  }

  private boolean originAllowed(String origin, RoutingContext ctx) {
    String normalized = origin.replaceAll("/+$", "").toLowerCase();
    if (allowedOrigins.contains("*") || allowedOrigins.contains(normalized)) {
      return true;
    }
    try {
      URI uri = URI.create(normalized);
      String host = ctx.request().getHeader(HttpHeaders.HOST);
      String originHost = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      return host != null && host.equalsIgnoreCase(originHost);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Before a session is created: at most the configured rate per client address. */
  public void limitCreates(RoutingContext ctx) {
    String client = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
    if (buckets.computeIfAbsent(client, c -> new Bucket(createsPerMinute)).take()) {
      ctx.next();
    } else {
      ctx.response().putHeader("Retry-After", "60");
      HttpErrors.send(ctx, ErrorCode.RATE_LIMITED, "too many sessions created from " + client + "; try again later");
    }
  }

  /** Refills continuously at {@code perMinute}, holds at most a minute's worth. */
  private static final class Bucket {
    private final double perMinute;
    private double tokens;
    private long refilledAt = System.nanoTime();

    Bucket(double perMinute) {
      this.perMinute = perMinute;
      this.tokens = perMinute;
    }

    synchronized boolean take() {
      long now = System.nanoTime();
      tokens = Math.min(perMinute, tokens + (now - refilledAt) / 60e9 * perMinute);
      refilledAt = now;
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }
  }
}
