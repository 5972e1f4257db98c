package io.replmesh.router.impl;

import io.replmesh.protocol.Actions;
import io.replmesh.protocol.Addresses;
import io.replmesh.protocol.ErrorCode;
import io.replmesh.protocol.Frames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One browser socket joined to one session, wherever the session lives. Client frames
 * become requests to the session actor; the session's published events become frames.
 *
 * <p>Output is never queued without bound: when the socket's write queue is full the
 * bridge stops writing and, once the socket drains, fetches what it missed from the
 * session's scrollback by sequence number. A gap in sequence numbers (a lost or skipped
 * event) is repaired the same way.
 */
final class SocketBridge {
  private final Vertx vertx;
  private final String sessionId;
  private final MessageConsumer<String> events;
  /** Events that arrive between subscribing and the join reply; replayed after hello. */
  private List<Message<String>> early = new ArrayList<>();
  private ServerWebSocket socket;
  private String userId;
  private String role;
  private String token;
  private String alias;
  private long lastSeq;
  private long newestSeenSeq;
  private boolean catchingUp;
  private boolean closed;

  SocketBridge(Vertx vertx, String sessionId) {
    this.vertx = vertx;
    this.sessionId = sessionId;
    this.events = vertx.eventBus().consumer(Addresses.sessionEvents(sessionId), this::onEvent);
  }

  /** Subscribes first, then joins, so that no event falls between the join and the subscription. */
  Future<JsonObject> join(String token, String alias, long after) {
    this.token = token;
    JsonObject join = new JsonObject().put("token", token).put("alias", alias).put("after", after);
    return events.completion()
        .compose(v -> vertx.eventBus().<JsonObject>request(Addresses.session(sessionId), join, action(Actions.JOIN)))
        .map(Message::body)
        .onFailure(e -> events.unregister());
  }

  /** Called once the websocket is open: greets, replays, then goes live. */
  void attach(ServerWebSocket ws, JsonObject joined) {
    socket = ws;
    userId = joined.getString("userId");
    role = joined.getString("role");
    alias = joined.getString("alias");
    lastSeq = joined.getLong("seq");
    newestSeenSeq = lastSeq;
    JsonArray replay = (JsonArray) joined.remove("replay");
    ws.writeTextMessage(joined.copy().put(Frames.TYPE, Frames.HELLO).encode());
    replay.forEach(frame -> ws.writeTextMessage((String) frame));
    ws.textMessageHandler(this::onClientFrame);
    ws.binaryMessageHandler(b -> sendError(ErrorCode.BAD_FRAME, "frames are JSON text"));
    ws.closeHandler(v -> detach());
    ws.drainHandler(v -> catchUp());
    List<Message<String>> pending = early;
    early = null;
    pending.forEach(this::onEvent);
  }

  /** The join succeeded but the upgrade did not (the client went away): undo the join. */
  void abandon() {
    socket = null;
    detach();
  }

  private void detach() {
    if (closed) {
      return;
    }
    closed = true;
    events.unregister();
    vertx.eventBus().send(Addresses.session(sessionId), new JsonObject().put("userId", userId), action(Actions.LEAVE));
  }

  private void onClientFrame(String text) {
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      sendError(ErrorCode.BAD_FRAME, "frames are JSON objects with a type");
      return;
    }
    String type = frame.getValue(Frames.TYPE) instanceof String t ? t : null;
    if (type == null) {
      sendError(ErrorCode.BAD_FRAME, "a frame needs a string field 'type'");
      return;
    }
    switch (type) {
      case Frames.PING -> socket.writeTextMessage(new JsonObject().put(Frames.TYPE, Frames.PONG).encode());
      case Frames.INPUT -> {
        if (!(frame.getValue("data") instanceof String data)) {
          sendError(ErrorCode.BAD_FRAME, "input needs a string field 'data'");
        } else if (!"writer".equals(role)) {
          sendError(ErrorCode.READ_ONLY, "this link is read-only: typing needs the write link");
        } else {
          forward(Actions.INPUT, new JsonObject().put("data", data));
        }
      }
      case Frames.RESIZE -> forward(Actions.RESIZE,
          new JsonObject().put("cols", frame.getValue("cols")).put("rows", frame.getValue("rows")));
      case Frames.ALIAS -> {
        if (!(frame.getValue("alias") instanceof String alias)) {
          sendError(ErrorCode.BAD_FRAME, "alias needs a string field 'alias'");
        } else {
          forward(Actions.ALIAS, new JsonObject().put("alias", alias));
        }
      }
      default -> sendError(ErrorCode.UNKNOWN_TYPE, "unknown frame type '" + type + "'");
    }
  }

  private void forward(String action, JsonObject body) {
    vertx.eventBus().request(Addresses.session(sessionId), body.put("userId", userId), action(action))
        .onFailure(e -> {
          // Nobody at the session's address while this socket is open: its owner was lost
          // and a survivor is bringing it back; the socket will get a 'moved' state.
          if (ErrorCode.of(e) == ErrorCode.SESSION_NOT_FOUND) {
            sendError(ErrorCode.UNAVAILABLE, "the session is moving to another node; try again in a moment");
          } else {
            sendError(ErrorCode.of(e), e.getMessage());
          }
        });
  }

  private void onEvent(Message<String> event) {
    if (early != null) {
      early.add(event);
      return;
    }
    if (closed || socket == null) {
      return;
    }
    String type = event.headers().get(Frames.TYPE);
    if (!Frames.OUTPUT.equals(type)) {
      onControlEvent(type, event.body());
      return;
    }
    long seq = Long.parseLong(event.headers().get("seq"));
    newestSeenSeq = Math.max(newestSeenSeq, seq);
    if (seq <= lastSeq || catchingUp) {
      return;
    }
    if (seq > lastSeq + 1 || socket.writeQueueFull()) {
      catchUp();
      return;
    }
    socket.writeTextMessage(event.body());
    lastSeq = seq;
  }

  private void onControlEvent(String type, String wire) {
    JsonObject event = new JsonObject(wire);
    if (Frames.STATE.equals(type) && "moved".equals(event.getString("state"))) {
      // Join the new owner first: a client that types as soon as it reads 'moved' must be a participant there.
      rejoin().onComplete(v -> socket.writeTextMessage(wire));
      return;
    }
    socket.writeTextMessage(wire);
    if (Frames.ALIAS.equals(type) && userId.equals(event.getString("userId"))) {
      alias = event.getString("newAlias");
    } else if (Frames.STATE.equals(type) && "closed".equals(event.getString("state"))) {
      socket.close((short) 1000, "session_closed");
    }
  }

  /** The session came back on another node: join it again under the same identity. */
  private Future<Void> rejoin() {
    JsonObject join = new JsonObject().put("token", token).put("alias", alias).put("userId", userId)
        .put("after", lastSeq);
    return vertx.eventBus().<JsonObject>request(Addresses.session(sessionId), join, action(Actions.JOIN))
        .onSuccess(reply -> reply.body().getJsonArray("replay").forEach(frame -> onReplayed((String) frame)))
        .onFailure(e -> sendError(ErrorCode.of(e), "could not rejoin the moved session: " + e.getMessage()))
        .mapEmpty();
  }

  private void onReplayed(String frame) {
    long seq = new JsonObject(frame).getLong("seq");
    if (!closed && seq > lastSeq) {
      socket.writeTextMessage(frame);
      lastSeq = seq;
    }
  }

  /** Fetches what this socket missed from the scrollback, once it can take it. */
  private void catchUp() {
    if (catchingUp || closed || socket.writeQueueFull() || newestSeenSeq <= lastSeq) {
      return;
    }
    catchingUp = true;
    vertx.eventBus().<JsonObject>request(Addresses.session(sessionId), new JsonObject().put("after", lastSeq),
            action(Actions.REPLAY))
        .onComplete(ar -> {
          catchingUp = false;
          if (ar.failed() || closed) {
            return;
          }
          ar.result().body().getJsonArray("frames").forEach(frame -> socket.writeTextMessage((String) frame));
          lastSeq = Math.max(lastSeq, ar.result().body().getLong("seq"));
          catchUp();
        });
  }

  private void sendError(ErrorCode code, String message) {
    if (socket != null && !closed) {
      socket.writeTextMessage(code.toJson(message).put(Frames.TYPE, Frames.ERROR).encode());
    }
  }

  private static DeliveryOptions action(String action) {
    return new DeliveryOptions().addHeader(Actions.HEADER, action);
  }
}
