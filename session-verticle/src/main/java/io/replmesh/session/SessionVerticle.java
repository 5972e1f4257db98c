package io.replmesh.session;

import io.replmesh.protocol.Actions;
import io.replmesh.protocol.Addresses;
import io.replmesh.protocol.ErrorCode;
import io.replmesh.protocol.Frames;
import io.replmesh.session.impl.Executions;
import io.replmesh.session.impl.InputJournal;
import io.replmesh.session.impl.JournalReplay;
import io.replmesh.session.impl.MeshMetrics;
import io.replmesh.session.impl.Participants;
import io.replmesh.session.impl.Participants.Participant;
import io.replmesh.session.impl.RecoverySnapshot;
import io.replmesh.session.impl.ReplDialect;
import io.replmesh.session.impl.Scrollback;
import io.replmesh.session.impl.SessionEnvironment;
import io.replmesh.session.impl.Tokens;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actor of one live session. Everything that happens to the session (input from
 * participants, output from the process, joins, leaves, aliases, resizes, exit, close)
 * arrives as a message on this verticle's own event loop, so it is ordered without locks.
 *
 * <p>Requests arrive on {@code replmesh.session.ID} (see {@link Actions}); events go out,
 * already encoded as wire frames, on {@code replmesh.session.ID.events} to every router
 * holding a socket of the session. A recovery snapshot goes to the cluster a little after
 * every change, so that another node can bring the session back if this one is lost.
 */
public final class SessionVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(SessionVerticle.class);
  private static final int MAX_COLS = 1000;
  private static final int MAX_ROWS = 500;

  private final SessionSpec spec;
  private final long epoch;
  private final SessionEnvironment env;
  private final Scrollback scrollback;
  private final InputJournal journal;
  private final Participants participants = new Participants();
  private final JsonObject files;
  /** The snapshot this session was restored from, when it moved here; null when new. */
  private final JsonObject restoredFrom;

  private String state = "starting";
  private Integer exitCode;
  private String exitReason;
  private long seq;
  private int generation;
  private String processId;
  private MessageConsumer<JsonObject> processEvents;
  private int cols = 80;
  private int rows = 24;
  private boolean snapshotDue;
  private JournalReplay replay;
  /** When the last participant left (or the session was made), while nobody is in it. */
  private long idleSince = System.currentTimeMillis();
  private Executions executions;

  /**
   * @param initial for a new session {@code {files}}; for a session moving here, its
   *                recovery snapshot ({@link RecoverySnapshot})
   */
  public SessionVerticle(SessionSpec spec, long epoch, JsonObject initial, SessionEnvironment env) {
    this.spec = spec;
    this.epoch = epoch;
    this.env = env;
    this.scrollback = new Scrollback(env.scrollbackChars());
    this.journal = new InputJournal(env.journalChars());
    this.files = initial.getJsonObject("files", new JsonObject()).copy();
    this.restoredFrom = initial.containsKey("seq") ? initial : null;
    if (restoredFrom != null) {
      seq = RecoverySnapshot.restoreScrollback(restoredFrom, scrollback);
      RecoverySnapshot.restoreJournal(restoredFrom, journal);
      cols = restoredFrom.getInteger("cols", cols);
      rows = restoredFrom.getInteger("rows", rows);
    }
  }

  @Override
  public Future<?> start() {
    replay = new JournalReplay(vertx, env.replayQuietMs());
    executions = new Executions(vertx, ReplDialect.forRuntime(spec.runtime(), runtimeCommand()), this::type,
        env.executeTimeoutMs());
    MessageConsumer<JsonObject> commands = vertx.eventBus().consumer(Addresses.session(spec.id()), this::onCommand);
    vertx.setPeriodic(env.recoveryFlushMs(), id -> flushSnapshot());
    vertx.setPeriodic(Math.max(100, Math.min(10_000, env.idleTimeoutMs() / 4)), id -> reapIfIdle());
    return commands.completion()
        .compose(v -> spawnProcess(restoredFrom == null))
        .compose(v -> restoredFrom == null ? Future.succeededFuture() : replayJournal())
        .onSuccess(v -> snapshotDue = true);
  }

  @Override
  public Future<?> stop() {
    MeshMetrics.PARTICIPANTS.addAndGet(-participants.size());
    killProcess();
    return Future.succeededFuture();
  }

  private Future<Void> spawnProcess(boolean freshJournal) {
    processId = spec.id() + "." + epoch + "." + (++generation);
    String current = processId;
    processEvents = vertx.eventBus().consumer(Addresses.processEvents(current), m -> onProcessEvent(current, m));
    JsonObject spawn = new JsonObject().put("processId", current).put("sessionId", spec.id())
        .put("runtime", spec.runtime()).put("cols", cols).put("rows", rows)
        .put("pty", spec.launch().getBoolean("pty", true)).put("file", spec.launch().getString("file"));
    return processEvents.completion()
        .compose(v -> writeFiles(files))
        .compose(v -> request(Addresses.container(env.node()), Actions.SPAWN, spawn, env.spawnTimeoutMs()))
        .onSuccess(reply -> {
          if (freshJournal) {
            journal.clear();
          }
          setState("running", null, null);
          log.info("session={} node={} event=running runtime={} pid={} epoch={}", spec.id(), env.node(), spec.runtime(),
              reply.getLong("pid"), epoch);
        })
        .onFailure(e -> setState("exited", null, "spawn_failed"))
        .mapEmpty();
  }

  /** Types the journal into the fresh REPL, waits for it to go quiet, then tells everyone. */
  private Future<Void> replayJournal() {
    JsonArray entries = journal.toJson();
    Consumer<String> write = entry -> vertx.eventBus().send(Addresses.process(processId),
        new JsonObject().put("data", entry), Actions.options(Actions.WRITE));
    return replay.run(entries, write).onSuccess(v -> {
      publish(Frames.STATE, new JsonObject().put("state", "moved").put("node", env.node())
          .put("replayed", entries.size()).put("journalComplete", !journal.overflowed()));
      log.info("session={} node={} event=moved replayed={} epoch={}", spec.id(), env.node(), entries.size(), epoch);
    });
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
        case Actions.FILES -> ErrorCode.replyWhenDone(message, addFiles(body));
        case Actions.RESTART -> ErrorCode.replyWhenDone(message, restart(body.getString("token")));
        case Actions.CLOSE -> ErrorCode.replyWhenDone(message, close(body.getString("token")));
        case Actions.HANDOVER -> ErrorCode.replyWhenDone(message, handover());
        case Actions.EXECUTE -> ErrorCode.replyWhenDone(message, execute(body));
        case Actions.ACTIVE_USERS -> message.reply(activeUsers());
        case Actions.STOP -> {
          requireWriter(body.getString("userId"));
          killProcess();
          message.reply(null);
        }
        default -> message.fail(ErrorCode.UNKNOWN_TYPE.failureCode(), "unknown session action");
      }
    } catch (RuntimeException e) {
      ErrorCode.failReply(message, e);
    }
  }

  private JsonObject join(JsonObject body) {
    // In an open session (repl-server's) the unguessable id is the capability.
    String tokenRole = spec.open() && body.getString("token") == null ? "writer" : roleOf(body.getString("token"));
    // A platform login may allow its holder no more than watching, whatever link they use.
    String role = "reader".equals(body.getString("maxRole")) ? "reader" : tokenRole;
    // A router re-joining its sockets after the session moved keeps their identities.
    String userId = body.getString("userId") != null ? body.getString("userId") : Tokens.newUserId();
    if (participants.get(userId) == null) {
      MeshMetrics.PARTICIPANTS.incrementAndGet();
    }
    Participant p = participants.add(userId, body.getString("alias"), role);
    idleSince = -1;
    publish(Frames.JOINED, p.toJson());
    log.info("session={} node={} event=joined user={} alias=\"{}\" role={}", spec.id(), env.node(), p.userId(), p.alias(),
        role);
    return new JsonObject().put("sessionId", spec.id()).put("userId", p.userId()).put("alias", p.alias())
        .put("role", role).put("runtime", spec.runtime()).put("seq", seq).put("state", state)
        .put("node", env.node()).put("participants", participants.toJson())
        .put("replay", new JsonArray(scrollback.after(body.getLong("after", 0L))));
  }

  private void leave(String userId) {
    Participant p = participants.remove(userId);
    if (p != null) {
      MeshMetrics.PARTICIPANTS.decrementAndGet();
    }
    if (participants.size() == 0) {
      idleSince = System.currentTimeMillis();
    }
    if (p != null) {
      publish(Frames.LEFT, new JsonObject().put("userId", p.userId()).put("alias", p.alias()));
    }
  }

  private void input(Message<JsonObject> message, JsonObject body) {
    requireWriter(body.getString("userId"));
    requireRunning();
    ErrorCode.replyWhenDone(message, type(body.getString("data", "")));
  }

  /** Types into the REPL, as every writer's keystrokes do; recorded in the journal for a failover. */
  private Future<JsonObject> type(String data) {
    journal.record(data);
    snapshotDue = true;
    return request(Addresses.process(processId), Actions.WRITE, new JsonObject().put("data", data), 30_000);
  }

  private Future<JsonObject> execute(JsonObject body) {
    String userId = body.getString("userId");
    requireWriter(userId);
    requireRunning();
    String code = body.getString("code", "");
    return executions.submit(code).map(outcome -> {
      JsonObject executed = new JsonObject().put("userId", userId).put("code", code).put("ok", outcome.ok());
      if (outcome.ok()) {
        executed.put("result", outcome.result());
      } else {
        executed.put("error", outcome.error());
      }
      publish(Frames.EXECUTED, executed);
      return executed;
    });
  }

  private JsonArray activeUsers() {
    if (!spec.open()) {
      throw ErrorCode.FORBIDDEN.exception("only open sessions list their users without a token");
    }
    JsonArray users = new JsonArray();
    participants.toJson().forEach(p -> users.add(new JsonObject().put("userId", ((JsonObject) p).getString("userId"))
        .put("alias", ((JsonObject) p).getString("alias"))));
    return users;
  }

  private void requireRunning() {
    if (!"running".equals(state)) {
      throw ErrorCode.NOT_RUNNING.exception("the REPL is not running (" + state + ")");
    }
  }

  private JsonObject resize(JsonObject body) {
    Participant p = requireParticipant(body.getString("userId"));
    Integer c = body.getValue("cols") instanceof Integer i ? i : null;
    Integer r = body.getValue("rows") instanceof Integer i ? i : null;
    if (c == null || r == null || c < 1 || r < 1 || c > MAX_COLS || r > MAX_ROWS) {
      throw ErrorCode.BAD_FRAME.exception("resize needs cols 1.." + MAX_COLS + " and rows 1.." + MAX_ROWS);
    }
    // Readers watch at the writers' size; letting them resize would reflow everybody's screen.
    if ("writer".equals(p.role()) && "running".equals(state)) {
      cols = c;
      rows = r;
      snapshotDue = true;
      vertx.eventBus().send(Addresses.process(processId), new JsonObject().put("cols", c).put("rows", r),
          Actions.options(Actions.WINSIZE));
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
    JsonObject info = new JsonObject().put("id", spec.id()).put("runtime", spec.runtime()).put("node", env.node())
        .put("epoch", epoch).put("state", state).put("createdAt", spec.createdAt()).put("seq", seq)
        .put("cols", cols).put("rows", rows).put("participants", participants.toJson());
    if (spec.key() != null) {
      info.put("key", spec.key());
    }
    if (exitCode != null) {
      info.put("exitCode", exitCode);
    }
    if (exitReason != null) {
      info.put("reason", exitReason);
    }
    return info;
  }

  private Future<JsonObject> addFiles(JsonObject body) {
    requireWriterToken(body.getString("token"), "adding files");
    JsonObject added = body.getJsonObject("files", new JsonObject());
    return writeFiles(added).map(v -> {
      files.mergeIn(added);
      snapshotDue = true;
      return new JsonObject().put("files", new JsonArray(files.fieldNames().stream().sorted().toList()));
    });
  }

  private Future<Void> writeFiles(JsonObject toWrite) {
    if (toWrite.isEmpty()) {
      return Future.succeededFuture();
    }
    return request(Addresses.container(env.node()), Actions.WRITE_FILES,
        new JsonObject().put("sessionId", spec.id()).put("files", toWrite), 30_000).mapEmpty();
  }

  private Future<JsonObject> restart(String token) {
    requireWriterToken(token, "restarting a session");
    executions.abandonAll("the REPL was restarted");
    killProcess();
    return spawnProcess(true).map(v -> new JsonObject().put("state", state));
  }

  private Future<JsonObject> close(String token) {
    requireWriterToken(token, "closing a session");
    return end();
  }

  /** Nobody has been in the session for {@code session.idleTimeoutMs}: free what it holds. */
  private void reapIfIdle() {
    if (idleSince >= 0 && System.currentTimeMillis() - idleSince >= env.idleTimeoutMs() && !"closed".equals(state)
        && !"moving".equals(state)) {
      log.info("session={} node={} event=idle idleMs={}: closing it", spec.id(), env.node(), env.idleTimeoutMs());
      end();
    }
  }

  /** Ends the session for good: the process, the workspace, the registry entry, the key. */
  private Future<JsonObject> end() {
    killProcess();
    setState("closed", null, null);
    log.info("session={} node={} event=closed", spec.id(), env.node());
    return request(Addresses.container(env.node()), Actions.REMOVE_WORKSPACE,
            new JsonObject().put("sessionId", spec.id()), 30_000)
        .eventually(() -> env.maps().removeSession(spec.id()))
        .eventually(() -> spec.key() == null ? Future.succeededFuture() : env.maps().releaseKey(spec.key(), spec.id()))
        .eventually(() -> vertx.undeploy(deploymentID()))
        .onComplete(ar -> env.onClosed().accept(spec.id()))
        .map((JsonObject) null);
  }

  /** For a drain: stop the REPL and write the final snapshot; the host then hands over. */
  private Future<JsonObject> handover() {
    killProcess();
    state = "moving";
    return env.maps().putRecovery(spec.id(), snapshot()).map((JsonObject) null);
  }

  private void onProcessEvent(String fromProcess, Message<JsonObject> message) {
    JsonObject body = message.body();
    switch (String.valueOf(message.headers().get(Actions.HEADER))) {
      case Actions.OUTPUT -> {
        if (replay.active()) {
          replay.onOutput();
        } else {
          emitOutput(body.getString("data"), body.getString("stream", "stdout"));
        }
        executions.onOutput(body.getString("data"));
        vertx.eventBus().send(Addresses.process(fromProcess), null, Actions.options(Actions.CREDIT));
      }
      case Actions.EXIT -> {
        if (fromProcess.equals(processId) && "running".equals(state)) {
          setState("exited", body.getInteger("exitCode"), body.getString("reason"));
          MeshMetrics.processExit(spec.runtime(), exitReason);
          log.info("session={} node={} event=exited exitCode={} reason={}", spec.id(), env.node(), exitCode, exitReason);
          executions.abandonAll("the REPL exited");
        }
      }
      default -> log.warn("session={} node={} event=unknown-process-event", spec.id(), env.node());
    }
  }

  private void emitOutput(String data, String stream) {
    JsonObject frame = new JsonObject().put(Frames.TYPE, Frames.OUTPUT).put("seq", ++seq).put("data", data);
    if ("stderr".equals(stream)) {
      frame.put("stream", stream); // only programs on pipes have one; a terminal mixes them
    }
    String wire = frame.encode();
    MeshMetrics.output(spec.runtime(), data.length());
    scrollback.add(seq, wire);
    snapshotDue = true;
    vertx.eventBus().publish(Addresses.sessionEvents(spec.id()), wire,
        new DeliveryOptions().addHeader(Frames.TYPE, Frames.OUTPUT).addHeader("seq", Long.toString(seq)));
  }

  private List<String> runtimeCommand() {
    var runtime = env.runtimes().get(spec.runtime());
    return runtime == null ? List.of() : runtime.command();
  }

  private void flushSnapshot() {
    // Only a settled session writes: not while starting, moving away or closed.
    if (snapshotDue && ("running".equals(state) || "exited".equals(state))) {
      snapshotDue = false;
      env.maps().putRecovery(spec.id(), snapshot())
          .onFailure(e -> log.warn("session={} node={} event=snapshot-failed error=\"{}\"", spec.id(), env.node(),
              e.getMessage()));
    }
  }

  private JsonObject snapshot() {
    return RecoverySnapshot.of(epoch, seq, journal, scrollback, env.recoveryScrollbackChars(), files, cols, rows);
  }

  private void killProcess() {
    if (processEvents != null && "running".equals(state)) {
      vertx.eventBus().send(Addresses.process(processId), null, Actions.options(Actions.KILL));
    }
  }

  private void setState(String newState, Integer code, String reason) {
    state = newState;
    exitCode = code;
    exitReason = reason;
    snapshotDue = true;
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

  private void requireWriterToken(String token, String what) {
    if (!"writer".equals(roleOf(token))) {
      throw ErrorCode.FORBIDDEN.exception(what + " needs the session's write token");
    }
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

  private Future<JsonObject> request(String address, String action, JsonObject body, long timeoutMs) {
    return vertx.eventBus().<JsonObject>request(address, body, Actions.options(action).setSendTimeout(timeoutMs))
        .map(Message::body);
  }


}
