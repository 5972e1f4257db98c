package io.replmesh.router.impl;

import io.replmesh.protocol.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The wire dialect a websocket speaks to its client: replmesh's native frames or a seed
 * system's (repl-server). The {@link SocketBridge} does the session plumbing (join,
 * events, catch-up, moving); the dialect turns client frames into session requests and
 * session events into client frames.
 */
interface ClientProtocol {

  /** The first frames after the upgrade. */
  void greet(SocketBridge bridge, JsonObject joined, JsonArray replay);

  void onClientText(SocketBridge bridge, String text);

  /** A session event as this client should see it, or null when it does not see it. */
  String translate(String type, JsonObject event, String wire);

  String error(ErrorCode code, String message);

  /** Whether terminal output is forwarded (with catch-up by sequence number). */
  boolean wantsOutput();
}
