package io.replmesh.session;

import io.replmesh.protocol.Actions;
import io.replmesh.protocol.Addresses;
import io.replmesh.protocol.ErrorCode;
import io.replmesh.protocol.Frames;
import io.replmesh.session.impl.InputJournal;
import io.replmesh.session.impl.Participants;
import io.replmesh.session.impl.Participants.Participant;
import io.replmesh.session.impl.Scrollback;
import io.replmesh.session.impl.Tokens;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actor of one live session. Everything that happens to the session (input from
 * participants, output from the process, joins, leaves, aliases, resizes, exit, close)
 * arrives as a message on this verticle's own event loop, so it is ordered without locks.
 *
 * <p>Requests arrive on {@code replmesh.session.ID} (see {@link Actions}); events go out,
 * already encoded as wire frames, on {@code replmesh.session.ID.events} to every router
 * holding a socket of the session.
 */
public final class SessionVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(SessionVerticle.class);
  private static final int MAX_COLS = 1000;
  private static final int MAX_ROWS = 500;

  private final SessionSpec spec;
  private final String node;
  private final long spawnTimeoutMs;
  private final Scrollback scrollback;
  private final InputJournal journal;
  private final Participants participants = new Participants();
  private final Runnable onClosed;

  private String state = "starting";
  private Integer exitCode;
  private String exitReason;
  private long seq;
  private int generation;
  private String processId;
  private MessageConsumer<JsonObject> processEvents;
  private int cols = 80;
  private int rows = 24;

  public SessionVerticle(SessionSpec spec, String node, JsonObject sessionConfig, Runnable onClosed) {
    this.spec = spec;
    this.node = node;
    this.spawnTimeoutMs = sessionConfig.getLong("spawnTimeoutMs", 15_000L);
    this.scrollback = new Scrollback(sessionConfig.getLong("scrollbackBytes", 262_144L));
    this.journal = new InputJournal(sessionConfig.getLong("journalBytes", 1_048_576L));
    this.onClosed = onClosed;
  }

  @Override
  public Future<?> start() {
    MessageConsumer<JsonObject> commands = vertx.eventBus().consumer(Addresses.session(spec.id()), this::onCommand);
    return commands.completion().compose(v -> spawnProcess());
  }

  @Override
  public Future<?> stop() {
    killProcess();
    return Future.succeededFuture();
  }

  private Future<Void> spawnProcess() {
    processId = spec.id() + "." + (++generation);
    String current = processId;
    processEvents = vertx.eventBus().consumer(Addresses.processEvents(current), m -> onProcessEvent(current, m));
    JsonObject spawn = new JsonObject().put("processId", current).put("sessionId", spec.id())
        .put("runtime", spec.runtime()).put("cols", cols).put("rows", rows);
    return processEvents.completion()
        .compose(v -> vertx.eventBus().<JsonObject>request(Addresses.container(node), spawn, action(Actions.SPAWN)
            .setSendTimeout(spawnTimeoutMs)))
        .onSuccess(reply -> {
          journal.clear();
          setState("running", null, null);
          log.info("session {} on {}: {} running as pid {}", spec.id(), node, spec.runtime(), reply.body().getLong("pid"));
        })
        .onFailure(e -> setState("exited", null, "spawn_failed"))
        .mapEmpty();
  }

  private void onCommand(Message<JsonObject> message) {
    JsonObject body = message.body() == null ? new JsonObject() : message.body();
    try {
      switch (String.valueOf(message.headers().get(Actions.HEADER))) {
        case Actions.JOIN -> message.reply(join(body));
        case Actions.LEAVE -> leave(body.getString("userId"));
        case Actions.INPUT -> input(message, body);
        case Actions.RESIZE -> message.reply(resize(body));
        case Actions.ALIAS -> message.reply(alias(body));
        case Actions.INFO -> message.reply(info(body.getString("token")));
        case Actions.REPLAY -> message.reply(new JsonObject()
            .put("frames", new JsonArray(scrollback.after(body.getLong("after", 0L)))).put("seq", seq));
        case Actions.CLOSE -> close(body.getString("token")).onComplete(ar -> {
          if (ar.succeeded()) {
            message.reply(null);
          } else {
            ErrorCode.failReply(message, ar.cause());
          }
        });
        default -> message.fail(ErrorCode.UNKNOWN_TYPE.failureCode(), "unknown session action");
      }
    } catch (RuntimeException e) {
      ErrorCode.failReply(message, e);
    }
  }

  private JsonObject join(JsonObject body) {
    String role = roleOf(body.getString("token"));
    Participant p = participants.add(Tokens.newUserId(), body.getString("alias"), role);
    publish(Frames.JOINED, p.toJson());
    log.info("session {}: {} joined as {} ({})", spec.id(), p.userId(), p.alias(), role);
    return new JsonObject().put("sessionId", spec.id()).put("userId", p.userId()).put("alias", p.alias())
        .put("role", role).put("runtime", spec.runtime()).put("seq", seq).put("state", state)
        .put("participants", participants.toJson())
        .put("replay", new JsonArray(scrollback.after(body.getLong("after", 0L))));
  }

  private void leave(String userId) {
    Participant p = participants.remove(userId);
    if (p != null) {
      publish(Frames.LEFT, new JsonObject().put("userId", p.userId()).put("alias", p.alias()));
    }
  }

  private void input(Message<JsonObject> message, JsonObject body) {
    requireWriter(body.getString("userId"));
    if (!"running".equals(state)) {
      throw ErrorCode.NOT_RUNNING.exception("the REPL is not running (" + state + ")");
    }
    String data = body.getString("data", "");
    journal.record(data);
    vertx.eventBus().request(Addresses.process(processId), new JsonObject().put("data", data), action(Actions.WRITE))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            message.reply(null);
          } else {
            ErrorCode.failReply(message, ar.cause());
          }
        });
  }

  private JsonObject resize(JsonObject body) {
    Participant p = requireParticipant(body.getString("userId"));
    Integer c = body.getInteger("cols");
    Integer r = body.getInteger("rows");
    if (c == null || r == null || c < 1 || r < 1 || c > MAX_COLS || r > MAX_ROWS) {
      throw ErrorCode.BAD_FRAME.exception("resize needs cols 1.." + MAX_COLS + " and rows 1.." + MAX_ROWS);
    }
    // Readers watch at the writers' size; letting them resize would reflow everybody's screen.
    if ("writer".equals(p.role()) && "running".equals(state)) {
      cols = c;
      rows = r;
      vertx.eventBus().send(Addresses.process(processId), new JsonObject().put("cols", c).put("rows", r),
          action(Actions.WINSIZE));
    }
    return null;
  }

  private JsonObject alias(JsonObject body) {
    String userId = body.getString("userId");
    Participant old = requireParticipant(userId);
    Participant renamed = participants.rename(userId, body.getString("alias"));
    publish(Frames.ALIAS, new JsonObject().put("userId", userId).put("oldAlias", old.alias())
        .put("newAlias", renamed.alias()));
    return null;
  }

  private JsonObject info(String token) {
    roleOf(token);
    JsonObject info = new JsonObject().put("id", spec.id()).put("runtime", spec.runtime()).put("node", node)
        .put("state", state).put("createdAt", spec.createdAt()).put("seq", seq)
        .put("cols", cols).put("rows", rows).put("participants", participants.toJson());
    if (exitCode != null) {
      info.put("exitCode", exitCode);
    }
    if (exitReason != null) {
      info.put("reason", exitReason);
    }
    return info;
  }

  private Future<Void> close(String token) {
    if (!"writer".equals(roleOf(token))) {
      return Future.failedFuture(ErrorCode.FORBIDDEN.exception("closing a session needs its write token"));
    }
    killProcess();
    setState("closed", null, null);
    log.info("session {} closed", spec.id());
    return vertx.eventBus().request(Addresses.container(node), new JsonObject().put("sessionId", spec.id()),
            action(Actions.REMOVE_WORKSPACE))
        .<Void>mapEmpty()
        .eventually(() -> vertx.undeploy(deploymentID()))
        .onComplete(ar -> onClosed.run());
  }

  private void onProcessEvent(String fromProcess, Message<JsonObject> message) {
    JsonObject body = message.body();
    switch (String.valueOf(message.headers().get(Actions.HEADER))) {
      case Actions.OUTPUT -> {
        String wire = new JsonObject().put(Frames.TYPE, Frames.OUTPUT).put("seq", ++seq)
            .put("data", body.getString("data")).encode();
        scrollback.add(seq, wire);
        vertx.eventBus().publish(Addresses.sessionEvents(spec.id()), wire,
            new DeliveryOptions().addHeader(Frames.TYPE, Frames.OUTPUT).addHeader("seq", Long.toString(seq)));
        vertx.eventBus().send(Addresses.process(fromProcess), null, action(Actions.CREDIT));
      }
      case Actions.EXIT -> {
        if (fromProcess.equals(processId) && !"closed".equals(state)) {
          setState("exited", body.getInteger("exitCode"), body.getString("reason"));
          log.info("session {}: process exited with {} ({})", spec.id(), exitCode, exitReason);
        }
      }
      default -> log.warn("session {}: unknown process event", spec.id());
    }
  }

  private void killProcess() {
    if (processEvents != null && "running".equals(state)) {
      vertx.eventBus().send(Addresses.process(processId), null, action(Actions.KILL));
    }
  }

  private void setState(String newState, Integer code, String reason) {
    state = newState;
    exitCode = code;
    exitReason = reason;
    JsonObject frame = new JsonObject().put("state", newState);
    if (code != null) {
      frame.put("exitCode", code);
    }
    if (reason != null) {
      frame.put("reason", reason);
    }
    publish(Frames.STATE, frame);
  }

  private void publish(String type, JsonObject fields) {
    String wire = fields.copy().put(Frames.TYPE, type).encode();
    vertx.eventBus().publish(Addresses.sessionEvents(spec.id()), wire, new DeliveryOptions().addHeader(Frames.TYPE, type));
  }

  private String roleOf(String token) {
    if (token == null || token.isEmpty()) {
      throw ErrorCode.MISSING_TOKEN.exception("a session token is required");
    }
    if (Tokens.matches(token, spec.writeTokenHash())) {
      return "writer";
    }
    if (Tokens.matches(token, spec.readTokenHash())) {
      return "reader";
    }
    throw ErrorCode.FORBIDDEN.exception("that token does not open this session");
  }

  private Participant requireParticipant(String userId) {
    Participant p = userId == null ? null : participants.get(userId);
    if (p == null) {
      throw ErrorCode.FORBIDDEN.exception("not a participant of this session");
    }
    return p;
  }

  private void requireWriter(String userId) {
    if (!"writer".equals(requireParticipant(userId).role())) {
      throw ErrorCode.READ_ONLY.exception("this link is read-only: typing needs the write link");
    }
  }

  private static DeliveryOptions action(String action) {
    return new DeliveryOptions().addHeader(Actions.HEADER, action);
  }
}
