package io.replmesh.router.impl;

import io.replmesh.protocol.Actions;
import io.replmesh.protocol.Addresses;
import io.replmesh.protocol.Frames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * One further-link websocket ({@code /run}: many processes addressed by the client's
 * {@code process} id; {@code /run-py}: one, unaddressed). Every started program is a
 * session of its own, placed anywhere in the cluster and sandboxed like any REPL; this
 * socket is its only participant and closes it when the program stops or the socket does.
 */
final class RunSocket {
  private static final String BAD_MESSAGE = "Bad message";

  private final Vertx vertx;
  private final ServerWebSocket ws;
  private final FurtherLinkRuns runs;
  private final boolean multi;
  private final boolean pty;
  private final Map<String, Run> processes = new HashMap<>();

  /** A started program: its session, this socket's identity in it, and where its output has got to. */
  private final class Run {
    final String processId;
    String sessionId;
    String writeToken;
    String userId;
    MessageConsumer<String> events;
    long lastSeq;
    boolean stopRequested;

    Run(String processId) {
      this.processId = processId;
    }
  }

  RunSocket(Vertx vertx, ServerWebSocket ws, FurtherLinkRuns runs, boolean multi, boolean pty) {
    this.vertx = vertx;
    this.ws = ws;
    this.runs = runs;
    this.multi = multi;
    this.pty = pty;
    MetricsRoutes.OPEN_SOCKETS.incrementAndGet();
    ws.textMessageHandler(this::onMessage);
    ws.closeHandler(v -> {
      MetricsRoutes.OPEN_SOCKETS.decrementAndGet();
      processes.values().forEach(this::close);
    });
  }

  private void onMessage(String text) {
    JsonObject message;
    try {
      message = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      send("error", null, new JsonObject().put("message", BAD_MESSAGE));
      return;
    }
    String type = message.getValue("type") instanceof String t ? t : "";
    JsonObject data = message.getValue("data") instanceof JsonObject d ? d : new JsonObject();
    String process = multi ? (message.getValue("process") instanceof String p ? p : null) : "";
    if (type.equals("ping")) {
      send("pong", multi ? process : null, null);
      return;
    }
    if (process == null || !type.matches("start|stdin|stop|resize")) {
      send("error", process, new JsonObject().put("message", BAD_MESSAGE));
      return;
    }
    Run run = processes.get(process);
    switch (type) {
      case "start" -> start(process, data, run);
      case "stdin" -> {
        if (run == null || run.userId == null || !(data.getValue("input") instanceof String input)) {
          send("error", process, new JsonObject().put("message", BAD_MESSAGE));
        } else {
          request(run, Actions.INPUT, new JsonObject().put("data", input));
        }
      }
      case "stop" -> {
        if (run != null && run.userId != null) {
          run.stopRequested = true;
          request(run, Actions.STOP, new JsonObject());
        }
      }
      default -> {
        if (run != null && run.userId != null && data.getValue("cols") instanceof Integer
            && data.getValue("rows") instanceof Integer) {
          request(run, Actions.RESIZE, new JsonObject().put("cols", data.getInteger("cols")).put("rows", data.getInteger("rows")));
        } else {
          send("error", process, new JsonObject().put("message", BAD_MESSAGE));
        }
      }
    }
  }

  private void start(String process, JsonObject data, Run existing) {
    if (existing != null) {
      send("error", process, new JsonObject().put("message", "process " + process + " is already running"));
      return;
    }
    Run run = new Run(process);
    processes.put(process, run);
    runs.create(data, multi, pty)
        .compose(created -> {
          run.sessionId = created.getString("id");
          run.writeToken = created.getString("writeToken");
          run.events = vertx.eventBus().consumer(Addresses.sessionEvents(run.sessionId), m -> onEvent(run, m));
          return run.events.completion();
        })
        .compose(v -> vertx.eventBus().<JsonObject>request(Addresses.session(run.sessionId),
            new JsonObject().put("token", run.writeToken).put("after", 0L), Actions.options(Actions.JOIN)))
        .onSuccess(joined -> {
          run.userId = joined.body().getString("userId");
          send("started", run.processId, null);
          // Output and the exit may come before the subscription took: the join's replay has them.
          joined.body().getJsonArray("replay").forEach(frame -> output(run, new JsonObject((String) frame)));
          if ("exited".equals(joined.body().getString("state"))) {
            vertx.eventBus().<JsonObject>request(Addresses.session(run.sessionId),
                    new JsonObject().put("token", run.writeToken), Actions.options(Actions.INFO))
                .onSuccess(info -> stopped(run, info.body()));
          }
        })
        .onFailure(e -> {
          processes.remove(process);
          send("error", process, new JsonObject().put("message", e.getMessage()));
          close(run);
        });
  }

  private void onEvent(Run run, Message<String> event) {
    if (run.userId == null) {
      return; // before the join: its replay and state cover this
    }
    String type = event.headers().get(Frames.TYPE);
    JsonObject frame = new JsonObject(event.body());
    if (Frames.OUTPUT.equals(type)) {
      output(run, frame);
    } else if (Frames.STATE.equals(type) && "exited".equals(frame.getString("state"))) {
      stopped(run, frame);
    }
  }

  private void output(Run run, JsonObject frame) {
    long seq = frame.getLong("seq");
    if (seq <= run.lastSeq || run.userId == null) {
      return;
    }
    run.lastSeq = seq;
    send("stderr".equals(frame.getString("stream")) ? "stderr" : "stdout", run.processId,
        new JsonObject().put("output", frame.getString("data")));
  }

  private void stopped(Run run, JsonObject exit) {
    if (processes.remove(run.processId) == null) {
      return;
    }
    Integer code = exit.getInteger("exitCode");
    // As Python's asyncio reports them: death by signal N is -N; a stop is SIGTERM, -15.
    int exitCode = run.stopRequested || "killed".equals(exit.getString("reason")) ? -15
        : code == null ? -1 : code > 128 ? -(code - 128) : code;
    send("stopped", run.processId, new JsonObject().put("exitCode", exitCode));
    close(run);
  }

  private void close(Run run) {
    if (run.events != null) {
      run.events.unregister();
    }
    if (run.sessionId != null) {
      vertx.eventBus().request(Addresses.session(run.sessionId), new JsonObject().put("token", run.writeToken),
          Actions.options(Actions.CLOSE));
    }
  }

  private Future<Message<Object>> request(Run run, String action, JsonObject body) {
    return vertx.eventBus().request(Addresses.session(run.sessionId), body.put("userId", run.userId), Actions.options(action))
        .onFailure(e -> send("error", run.processId, new JsonObject().put("message", e.getMessage())));
  }

  private void send(String type, String process, JsonObject data) {
    JsonObject message = new JsonObject().put("type", type);
    if (multi && process != null) {
      message.put("process", process);
    }
    if (data != null) {
      message.put("data", data);
    }
    ws.writeTextMessage(message.encode());
  }

}
