package io.replmesh.container;

import com.pty4j.PtyProcessBuilder;
import io.replmesh.container.impl.DaemonThreads;
import io.replmesh.container.impl.ProcessIo;
import io.replmesh.container.impl.ReplProcess;
import io.replmesh.container.impl.Workspaces;
import io.replmesh.protocol.Actions;
import io.replmesh.protocol.Addresses;
import io.replmesh.protocol.ErrorCode;
import io.replmesh.protocol.RuntimeSpec;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per node: starts, feeds, resizes and ends REPL processes in pseudo-terminals,
 * each inside the configured {@link Sandbox}.
 *
 * <p>Listens on {@code replmesh.container.NODE} for {@code spawn {processId, sessionId,
 * runtime, cols, rows}} and {@code remove-workspace {sessionId}}; each process then
 * listens on {@code replmesh.process.PID} for {@code write}, {@code winsize}, {@code credit}
 * and {@code kill}, and reports {@code output} and {@code exit} to
 * {@code replmesh.process.PID.events}.
 *
 * <p>Configuration: {@code node}, {@code workspaceRoot}, {@code sandbox {type}},
 * {@code runtimes}, {@code limits}, {@code container {outputCredits, maxQueuedInputBytes}}.
 */
public final class ContainerVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ContainerVerticle.class);

  private final JsonObject config;
  private final Sandbox sandbox;
  private final Map<String, RuntimeSpec> runtimes;
  private final Workspaces workspaces;
  private final Map<String, ReplProcess> processes = new ConcurrentHashMap<>();
  private final Map<String, MessageConsumer<JsonObject>> consumers = new HashMap<>();
  private ExecutorService pumps;
  private ExecutorService writers;

  public ContainerVerticle(JsonObject config) {
    this(config, Sandboxes.fromConfig(config));
  }

  /** For embedders with a sandbox of their own. */
  public ContainerVerticle(JsonObject config, Sandbox sandbox) {
    this.config = config;
    this.sandbox = sandbox;
    this.runtimes = RuntimeSpec.allFrom(config);
    this.workspaces = new Workspaces(Path.of(config.getString("workspaceRoot")));
  }

  public Sandbox sandbox() {
    return sandbox;
  }

  @Override
  public Future<?> start() {
    pumps = DaemonThreads.cachedPool("pty-pump");
    writers = DaemonThreads.cachedPool("pty-io");
    String node = config.getString("node");
    return vertx.executeBlocking(() -> {
          sandbox.removeStale(node);
          return null;
        }, false)
        .compose(v -> vertx.eventBus().<JsonObject>consumer(Addresses.container(node), this::onContainerMessage).completion())
        .onSuccess(v -> log.info("container ready on node {} with sandbox '{}'", node, sandbox.name()));
  }

  @Override
  public Future<?> stop() {
    processes.values().forEach(ReplProcess::kill);
    pumps.shutdown();
    writers.shutdown();
    // Let the pumps report their exits (and sandboxes release cgroups) while Vert.x still runs.
    return vertx.executeBlocking(() -> pumps.awaitTermination(5, TimeUnit.SECONDS), false);
  }

  private void onContainerMessage(Message<JsonObject> message) {
    String action = message.headers().get(Actions.HEADER);
    JsonObject body = message.body();
    switch (String.valueOf(action)) {
      case Actions.SPAWN -> ErrorCode.replyWhenDone(message, spawn(body));
      case Actions.REMOVE_WORKSPACE -> vertx.executeBlocking(() -> {
        workspaces.remove(body.getString("sessionId"));
        return null;
      }, false).onComplete(ar -> message.reply(null));
      case Actions.WRITE_FILES -> vertx.executeBlocking(() -> {
        Map<String, String> files = new HashMap<>();
        body.getJsonObject("files", new JsonObject()).forEach(e -> files.put(e.getKey(), String.valueOf(e.getValue())));
        workspaces.writeFiles(body.getString("sessionId"), files);
        return null;
      }, false).onComplete(ar -> {
        if (ar.succeeded()) {
          message.reply(null);
        } else if (ar.cause() instanceof IllegalArgumentException bad) {
          message.fail(ErrorCode.BAD_PATH.failureCode(), bad.getMessage());
        } else {
          message.fail(ErrorCode.INTERNAL.failureCode(), "files not written: " + ar.cause().getMessage());
        }
      });
      default -> message.fail(ErrorCode.UNKNOWN_TYPE.failureCode(), "unknown container action " + action);
    }
  }

  private Future<JsonObject> spawn(JsonObject request) {
    String processId = request.getString("processId");
    String sessionId = request.getString("sessionId");
    RuntimeSpec runtime = runtimes.get(request.getString("runtime"));
    if (runtime == null) {
      return Future.failedFuture(ErrorCode.UNKNOWN_RUNTIME.exception("unknown runtime " + request.getString("runtime")));
    }
    Launch launch;
    try {
      launch = Launch.of(runtime, request);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(ErrorCode.BAD_PATH.exception(e.getMessage()));
    }
    return vertx.executeBlocking(() -> launch(processId, sessionId, launch), false)
        .compose(process -> {
          MessageConsumer<JsonObject> consumer =
              vertx.eventBus().consumer(Addresses.process(processId), m -> onProcessMessage(process, m));
          consumers.put(processId, consumer);
          return consumer.completion().map(v -> {
            process.startPump(pumps);
            return new JsonObject().put("pid", process.pid());
          });
        })
        .recover(e -> Future.failedFuture(ErrorCode.of(e) == ErrorCode.INTERNAL
            ? ErrorCode.SPAWN_FAILED.exception("could not start " + runtime.id() + ": " + e.getMessage()) : e));
  }

  /**
   * What to start: a runtime's command, where a runner's {@code {file}} is the program to
   * run (workspace-relative; it runs in the file's directory, as further-link does), in a
   * pseudo-terminal or on pipes.
   */
  private record Launch(RuntimeSpec runtime, String cwd, boolean tty, int cols, int rows) {
    static Launch of(RuntimeSpec runtime, JsonObject request) {
      String file = request.getString("file");
      String cwd = "";
      RuntimeSpec resolved = runtime;
      if (runtime.command().contains("{file}")) {
        if (file == null) {
          throw new IllegalArgumentException("runner " + runtime.id() + " needs a file to run");
        }
        // Checked against a stand-in root: only the relative shape matters here.
        Path root = Path.of("/workspace");
        Path relative = root.relativize(Workspaces.checkedPath(root, file));
        Path parent = relative.getParent();
        cwd = parent == null ? "" : parent.toString();
        String name = relative.getFileName().toString();
        resolved = runtime.withCommand(runtime.command().stream().map(arg -> arg.replace("{file}", "./" + name)).toList());
      }
      return new Launch(resolved, cwd, request.getBoolean("pty", true), request.getInteger("cols", 80),
          request.getInteger("rows", 24));
    }
  }

  private ReplProcess launch(String processId, String sessionId, Launch launch) throws Exception {
    Path workspace = workspaces.create(sessionId);
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
    env.put("TERM", launch.tty() ? "xterm-256color" : "dumb");
    env.put("LANG", "C.UTF-8");
    env.put("LC_ALL", "C.UTF-8");
    env.put("HOME", workspace.toString());
    env.putAll(launch.runtime().env());
    Sandbox.LaunchPlan plan = sandbox.plan(new Sandbox.LaunchRequest(processId, sessionId, launch.runtime(), workspace,
        env, launch.cwd(), launch.tty()));
    ProcessIo io;
    try {
      io = launch.tty() ? ProcessIo.of(new PtyProcessBuilder(plan.command().toArray(String[]::new))
          .setEnvironment(plan.env())
          .setDirectory(plan.directory().toString())
          .setInitialColumns(launch.cols())
          .setInitialRows(launch.rows())
          .start()) : ProcessIo.pipes(pipes(plan));
    } catch (Exception e) {
      sandbox.release(plan, -1); // the cgroups, uid and disk watch the plan holds
      throw e;
    }
    JsonObject tuning = config.getJsonObject("container", new JsonObject());
    ReplProcess process = new ReplProcess(processId, io, sandbox, plan, vertx.eventBus(),
        tuning.getInteger("outputCredits", 16), tuning.getLong("maxQueuedInputBytes", 1L << 20), writers,
        () -> onExited(processId));
    processes.put(processId, process);
    log.info("session={} node={} event=process-started process={} runtime={} pid={} io={}", sessionId,
        config.getString("node"), processId, launch.runtime().id(), process.pid(), launch.tty() ? "pty" : "pipes");
    return process;
  }

  private static Process pipes(Sandbox.LaunchPlan plan) throws java.io.IOException {
    ProcessBuilder builder = new ProcessBuilder(plan.command()).directory(plan.directory().toFile());
    builder.environment().clear();
    builder.environment().putAll(plan.env());
    return builder.start();
  }

  private void onExited(String processId) {
    processes.remove(processId);
    context.runOnContext(v -> {
      MessageConsumer<JsonObject> consumer = consumers.remove(processId);
      if (consumer != null) {
        consumer.unregister();
      }
    });
  }

  private void onProcessMessage(ReplProcess process, Message<JsonObject> message) {
    JsonObject body = message.body();
    switch (String.valueOf(message.headers().get(Actions.HEADER))) {
      case Actions.WRITE -> {
        if (process.write(body.getString("data", ""))) {
          message.reply(null);
        } else {
          message.fail(ErrorCode.PAYLOAD_TOO_LARGE.failureCode(), "the REPL is not reading its input; input dropped");
        }
      }
      case Actions.CREDIT -> process.credit();
      case Actions.WINSIZE -> process.resize(body.getInteger("cols"), body.getInteger("rows"));
      case Actions.KILL -> process.kill();
      case Actions.CLOSE_INPUT -> process.closeInput();
      default -> message.fail(ErrorCode.UNKNOWN_TYPE.failureCode(), "unknown process action");
    }
  }
}
