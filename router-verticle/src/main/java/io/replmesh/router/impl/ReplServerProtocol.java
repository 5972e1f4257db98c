package io.replmesh.router.impl;

import io.replmesh.protocol.Actions;
import io.replmesh.protocol.ErrorCode;
import io.replmesh.protocol.Frames;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * repl-server's websocket dialect (seed 001): client verbs {@code {"verb":"execute","data":{"code"}}}
 * and {@code {"verb":"registerAlias","data":{"alias"}}}; events {@code {"type", "data"}} named
 * connectUser, disconnectUser, executionSuccess, executionFailure and registerAlias. The
 * terminal's raw output is not part of it.
 */
final class ReplServerProtocol implements ClientProtocol {
  static final ReplServerProtocol INSTANCE = new ReplServerProtocol();

  @Override
  public void greet(SocketBridge bridge, JsonObject joined, JsonArray replay) {
    // repl-server says nothing to a newcomer but the connectUser that every participant gets.
  }

  @Override
  public void onClientText(SocketBridge bridge, String text) {
    JsonObject message;
    try {
      message = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      bridge.sendError(ErrorCode.BAD_FRAME, "messages are JSON objects: {\"verb\", \"data\"}");
      return;
    }
    JsonObject data = message.getValue("data") instanceof JsonObject d ? d : new JsonObject();
    String verb = message.getValue("verb") instanceof String v ? v : "";
    switch (verb) {
      case "execute" -> {
        if (data.getValue("code") instanceof String code) {
          bridge.forward(Actions.EXECUTE, new JsonObject().put("code", code));
        } else {
          bridge.sendError(ErrorCode.BAD_FRAME, "execute needs data.code");
        }
      }
      case "registerAlias" -> {
        if (data.getValue("alias") instanceof String alias) {
          bridge.forward(Actions.ALIAS, new JsonObject().put("alias", alias));
        } else {
          bridge.sendError(ErrorCode.BAD_FRAME, "registerAlias needs data.alias");
        }
      }
      default -> bridge.sendError(ErrorCode.UNKNOWN_TYPE, "unknown verb '" + verb + "' (execute, registerAlias)");
    }
  }

  @Override
  public String translate(String type, JsonObject event, String wire) {
    JsonObject data = new JsonObject().put("userId", event.getString("userId"));
    return switch (type) {
      case Frames.JOINED -> event("connectUser", data.put("alias", event.getString("alias")));
      case Frames.LEFT -> event("disconnectUser", data.put("alias", event.getString("alias")));
      case Frames.ALIAS -> event("registerAlias", data.put("oldAlias", event.getString("oldAlias"))
          .put("newAlias", event.getString("newAlias")));
      case Frames.EXECUTED -> event.getBoolean("ok")
          ? event("executionSuccess", data.put("code", event.getString("code")).put("result", event.getString("result")))
          : event("executionFailure", data.put("code", event.getString("code")).put("error", event.getString("error")));
      default -> null;
    };
  }

  @Override
  public String error(ErrorCode code, String message) {
    return event("error", new JsonObject().put("code", code.wire()).put("message", message));
  }

  @Override
  public boolean wantsOutput() {
    return false;
  }

  private static String event(String type, JsonObject data) {
    return new JsonObject().put("type", type).put("data", data).encode();
  }
}
