package io.replmesh.router.impl;

import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/** Joins a session and only then upgrades to a websocket, so a refusal is a plain HTTP error. */
final class Upgrades {
  private Upgrades() {}

  static void joinAndUpgrade(Vertx vertx, RoutingContext ctx, String sessionId, ClientProtocol protocol, String token,
                             String alias, String userId, long after, int maxMessageChars, String maxRole) {
    // Paused, the request stays upgradeable while the join travels to the session's owner.
    ctx.request().pause();
    SocketBridge bridge = new SocketBridge(vertx, sessionId, protocol, maxMessageChars);
    bridge.join(token, alias, userId, after, maxRole)
        .onFailure(e -> HttpErrors.send(ctx, e))
        .onSuccess(joined -> ctx.request().toWebSocket()
            .onSuccess(ws -> bridge.attach(ws, joined))
            .onFailure(e -> bridge.abandon()));
  }
}
