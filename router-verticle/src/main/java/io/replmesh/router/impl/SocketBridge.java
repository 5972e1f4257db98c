package io.replmesh.router.impl;

import io.replmesh.protocol.Actions;
import io.replmesh.protocol.Addresses;
import io.replmesh.protocol.ErrorCode;
import io.replmesh.protocol.Frames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One client socket joined to one session, wherever the session lives. Client frames
 * become requests to the session actor; the session's published events become frames, in
 * the socket's {@link ClientProtocol}.
 *
 * <p>Output is never queued without bound: when the socket's write queue is full the
 * bridge stops writing and, once the socket drains, fetches what it missed from the
 * session's scrollback by sequence number. A gap in sequence numbers (a lost or skipped
 * event) is repaired the same way. When the session moves to another node, the bridge
 * joins it there under the same identity before passing the news on.
 */
final class SocketBridge {
  private final Vertx vertx;
  private final String sessionId;
  private final ClientProtocol protocol;
  private final int maxMessageChars;
  private final MessageConsumer<String> events;
  /** Events that arrive between subscribing and the join reply; handled after the greeting. */
  private List<Message<String>> early = new ArrayList<>();
  private ServerWebSocket socket;
  private String userId;
  private String role;
  private String token;
  private String maxRole;
  private String alias;
  private long lastSeq;
  private long newestSeenSeq;
  private boolean catchingUp;
  private boolean closed;

  SocketBridge(Vertx vertx, String sessionId, ClientProtocol protocol, int maxMessageChars) {
    this.vertx = vertx;
    this.sessionId = sessionId;
    this.protocol = protocol;
    this.maxMessageChars = maxMessageChars;
    this.events = vertx.eventBus().consumer(Addresses.sessionEvents(sessionId), this::onEvent);
  }

  /**
   * Subscribes first, then joins, so that no event falls between the join and the
   * subscription. {@code userId} is null unless the route vouches for one (a cookie);
   * {@code maxRole} "reader" when a platform login allows no more.
   */
  Future<JsonObject> join(String token, String alias, String userId, long after, String maxRole) {
    this.token = token;
    this.maxRole = maxRole;
    JsonObject join = new JsonObject().put("token", token).put("alias", alias).put("userId", userId).put("after", after)
        .put("maxRole", maxRole);
    return events.completion()
        .compose(v -> vertx.eventBus().<JsonObject>request(Addresses.session(sessionId), join, Actions.options(Actions.JOIN)))
        .map(Message::body)
        .onFailure(e -> events.unregister());
  }

  /** Called once the websocket is open: greets, then goes live. */
  void attach(ServerWebSocket ws, JsonObject joined) {
    socket = ws;
    MetricsRoutes.OPEN_SOCKETS.incrementAndGet();
    userId = joined.getString("userId");
    role = joined.getString("role");
    alias = joined.getString("alias");
    lastSeq = joined.getLong("seq");
    newestSeenSeq = lastSeq;
    protocol.greet(this, joined, (JsonArray) joined.remove("replay"));
    ws.textMessageHandler(text -> {
      if (text.length() > maxMessageChars) {
        // Vert.x caps frames but hands over reassembled messages of any size: the cap is ours to keep.
        ws.close((short) 1009, "message too big");
      } else {
        protocol.onClientText(this, text);
      }
    });
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

  String role() {
    return role;
  }

  void send(String text) {
    if (socket != null && !closed) {
      socket.writeTextMessage(text);
    }
  }

  void sendError(ErrorCode code, String message) {
    send(protocol.error(code, message));
  }

  /** Asks the session to act for this socket's user; a refusal comes back as an error frame. */
  void forward(String action, JsonObject body) {
    vertx.eventBus().request(Addresses.session(sessionId), body.put("userId", userId), Actions.options(action))
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

  private void detach() {
    if (closed) {
      return;
    }
    closed = true;
    if (socket != null) {
      MetricsRoutes.OPEN_SOCKETS.decrementAndGet();
    }
    events.unregister();
    vertx.eventBus().send(Addresses.session(sessionId), new JsonObject().put("userId", userId), Actions.options(Actions.LEAVE));
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
    if (Frames.OUTPUT.equals(type)) {
      if (protocol.wantsOutput()) {
        onOutput(Long.parseLong(event.headers().get("seq")), event.body());
      }
      return;
    }
    JsonObject json = new JsonObject(event.body());
    if (Frames.STATE.equals(type) && "moved".equals(json.getString("state"))) {
      // Join the new owner first: a client that acts as soon as it reads 'moved' must be a participant there.
      rejoin().onComplete(v -> sendTranslated(type, json, event.body()));
      return;
    }
    sendTranslated(type, json, event.body());
    if (Frames.ALIAS.equals(type) && userId.equals(json.getString("userId"))) {
      alias = json.getString("newAlias");
    } else if (Frames.STATE.equals(type) && "closed".equals(json.getString("state"))) {
      socket.close((short) 1000, "session_closed");
    }
  }

  private void sendTranslated(String type, JsonObject json, String wire) {
    String translated = protocol.translate(type, json, wire);
    if (translated != null) {
      send(translated);
    }
  }

  private void onOutput(long seq, String wire) {
    newestSeenSeq = Math.max(newestSeenSeq, seq);
    if (seq <= lastSeq || catchingUp) {
      return;
    }
    if (seq > lastSeq + 1 || socket.writeQueueFull()) {
      catchUp();
      return;
    }
    socket.writeTextMessage(wire);
    lastSeq = seq;
  }

  /** The session came back on another node: join it again under the same identity. */
  private Future<Void> rejoin() {
    JsonObject join = new JsonObject().put("token", token).put("alias", alias).put("userId", userId)
        .put("after", lastSeq).put("maxRole", maxRole);
    return vertx.eventBus().<JsonObject>request(Addresses.session(sessionId), join, Actions.options(Actions.JOIN))
        .onSuccess(reply -> reply.body().getJsonArray("replay").forEach(frame -> onReplayed((String) frame)))
        .onFailure(e -> sendError(ErrorCode.of(e), "could not rejoin the moved session: " + e.getMessage()))
        .mapEmpty();
  }

  private void onReplayed(String frame) {
    long seq = new JsonObject(frame).getLong("seq");
    if (protocol.wantsOutput() && !closed && seq > lastSeq) {
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
    MetricsRoutes.CATCH_UPS.increment();
    vertx.eventBus().<JsonObject>request(Addresses.session(sessionId), new JsonObject().put("after", lastSeq),
            Actions.options(Actions.REPLAY))
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

}
