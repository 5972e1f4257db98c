package io.replmesh.router.impl;

import io.replmesh.protocol.Actions;
import io.replmesh.protocol.ErrorCode;
import io.replmesh.protocol.Frames;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** replmesh's own websocket frames (see {@link Frames}): events pass through as the session encoded them. */
final class NativeProtocol implements ClientProtocol {
  static final NativeProtocol INSTANCE = new NativeProtocol();

  @Override
  public void greet(SocketBridge bridge, JsonObject joined, JsonArray replay) {
    bridge.send(joined.copy().put(Frames.TYPE, Frames.HELLO).encode());
    replay.forEach(frame -> bridge.send((String) frame));
  }

  @Override
  public void onClientText(SocketBridge bridge, String text) {
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      bridge.sendError(ErrorCode.BAD_FRAME, "frames are JSON objects with a type");
      return;
    }
    String type = frame.getValue(Frames.TYPE) instanceof String t ? t : null;
    if (type == null) {
      bridge.sendError(ErrorCode.BAD_FRAME, "a frame needs a string field 'type'");
      return;
    }
    switch (type) {
      case Frames.PING -> bridge.send(new JsonObject().put(Frames.TYPE, Frames.PONG).encode());
      case Frames.INPUT -> {
        if (!(frame.getValue("data") instanceof String data)) {
          bridge.sendError(ErrorCode.BAD_FRAME, "input needs a string field 'data'");
        } else if (!"writer".equals(bridge.role())) {
          bridge.sendError(ErrorCode.READ_ONLY, "this link is read-only: typing needs the write link");
        } else {
          bridge.forward(Actions.INPUT, new JsonObject().put("data", data));
        }
      }
      case Frames.RESIZE -> bridge.forward(Actions.RESIZE,
          new JsonObject().put("cols", frame.getValue("cols")).put("rows", frame.getValue("rows")));
      case Frames.EXECUTE -> {
        if (!(frame.getValue("code") instanceof String code)) {
          bridge.sendError(ErrorCode.BAD_FRAME, "execute needs a string field 'code'");
        } else {
          // The outcome reaches every participant as an 'executed' frame; only a refusal comes back here.
          bridge.forward(Actions.EXECUTE, new JsonObject().put("code", code));
        }
      }
      case Frames.ALIAS -> {
        if (!(frame.getValue("alias") instanceof String alias)) {
          bridge.sendError(ErrorCode.BAD_FRAME, "alias needs a string field 'alias'");
        } else {
          bridge.forward(Actions.ALIAS, new JsonObject().put("alias", alias));
        }
      }
      default -> bridge.sendError(ErrorCode.UNKNOWN_TYPE, "unknown frame type '" + type + "'");
    }
  }

  @Override
  public String translate(String type, JsonObject event, String wire) {
    return wire;
  }

  @Override
  public String error(ErrorCode code, String message) {
    return code.toJson(message).put(Frames.TYPE, Frames.ERROR).encode();
  }

  @Override
  public boolean wantsOutput() {
    return true;
  }
}
