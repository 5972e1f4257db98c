package io.replmesh.container;

import io.replmesh.protocol.Actions;
import io.replmesh.protocol.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** One REPL spawned on a {@link SandboxHarness}: collects its output (returning a credit per chunk) and its exit. */
final class SandboxRepl {
  private static final DeliveryOptions CREDIT = new DeliveryOptions().addHeader(Actions.HEADER, Actions.CREDIT);
  private static final DeliveryOptions WRITE = new DeliveryOptions().addHeader(Actions.HEADER, Actions.WRITE);
  private static final DeliveryOptions KILL = new DeliveryOptions().addHeader(Actions.HEADER, Actions.KILL);

  final String processId = UUID.randomUUID().toString();
  final String sessionId;
  /** The sandbox's process on the host: bwrap itself, or the docker CLI that holds the terminal. */
  final long pid;
  private final Vertx vertx;
  private final SandboxBackend backend;
  private final StringBuffer output = new StringBuffer();
  private final CompletableFuture<JsonObject> exit = new CompletableFuture<>();
  private final MessageConsumer<JsonObject> consumer;

  SandboxRepl(Vertx vertx, SandboxBackend backend, String runtime, String sessionId) {
    this.vertx = vertx;
    this.backend = backend;
    this.sessionId = sessionId;
    consumer = vertx.eventBus().<JsonObject>consumer(Addresses.processEvents(processId), m -> {
      if (Actions.EXIT.equals(m.headers().get(Actions.HEADER))) {
        exit.complete(m.body());
        return;
      }
      output.append(m.body().getString("data"));
      vertx.eventBus().send(Addresses.process(processId), new JsonObject(), CREDIT);
    });
    consumer.completion().await();
    JsonObject spawn = new JsonObject().put("processId", processId).put("sessionId", sessionId)
        .put("runtime", runtime).put("cols", 200).put("rows", 50);
    pid = vertx.eventBus().<JsonObject>request(Addresses.container(backend.node()), spawn,
        new DeliveryOptions().addHeader(Actions.HEADER, Actions.SPAWN)).await().body().getLong("pid");
  }

  /** Gives {@code attempt(f)}, f's repr or its exception's name, to a python REPL at its first prompt. */
  SandboxRepl withAttempt() {
    awaitStart(">>> ");
    exec("""
        def attempt(f):
            try:
                return 'ok ' + repr(f())
            except Exception as e:
                return type(e).__name__
        """);
    return this;
  }

  void write(String data) {
    vertx.eventBus().send(Addresses.process(processId), new JsonObject().put("data", data), WRITE);
  }

  int mark() {
    return output.length();
  }

  /** Waits, as long as the backend takes to start a REPL, for its first {@code prompt}. */
  String awaitStart(String prompt) {
    return await(0, prompt, backend.patience());
  }

  /** Waits until {@code text} appears after {@code from}; returns the output from there on. */
  String await(int from, String text, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String seen = output.substring(Math.min(from, output.length()));
      if (seen.contains(text)) {
        return seen;
      }
      sleep(2);
    }
    throw new AssertionError("no '" + text + "' within " + timeout + "; output was:\n" + output);
  }

  /** Runs one line and returns what it printed up to {@code end}. */
  String run(String line, String end) {
    int from = mark();
    write(line + "\n");
    return await(from, end, Duration.ofSeconds(10));
  }

  /** Evaluates a Python expression and returns what it printed, found between two markers. */
  String eval(String pythonExpression) {
    String seen = run("print('#' + '{', " + pythonExpression + ", '}' + '#', sep='')", "}#\r\n");
    int start = seen.indexOf("#{") + 2;
    return seen.substring(start, seen.indexOf("}#\r\n", start));
  }

  /** Defines or runs multi-line python source in one line, whatever its quotes and indents. */
  void exec(String pythonSource) {
    String encoded = Base64.getEncoder().encodeToString(pythonSource.getBytes(StandardCharsets.UTF_8));
    run("exec(__import__('base64').b64decode('" + encoded + "').decode())", ">>> ");
  }

  /** Runs a python expression inside {@code attempt}: "ok REPR" or the exception's class name. */
  String attempt(String pythonExpression) {
    return eval("attempt(lambda: " + pythonExpression + ")");
  }

  /** One python round trip, in milliseconds: the time the user waits for an answer. */
  double echoMillis() {
    long start = System.nanoTime();
    run("print(6 * 7)", "42\r\n");
    return (System.nanoTime() - start) / 1e6;
  }

  /** The slowest of repeated round trips over {@code period}, printed with what was going on. */
  double worstEchoMillis(Duration period, String during) {
    long end = System.nanoTime() + period.toNanos();
    double worst = 0;
    int rounds = 0;
    while (System.nanoTime() < end || rounds < 3) {
      worst = Math.max(worst, echoMillis());
      rounds++;
      sleep(20);
    }
    System.out.printf("%s: neighbour's echo during %s: worst %.1f ms of %d round trips%n", backend.name(), during,
        worst, rounds);
    return worst;
  }

  JsonObject awaitExit(Duration timeout) throws Exception {
    return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Kills the REPL and returns its exit report (null if none came), once its sandbox is gone. */
  JsonObject close() {
    if (!exit.isDone()) {
      vertx.eventBus().send(Addresses.process(processId), new JsonObject(), KILL);
    }
    JsonObject exited = exit.copy().orTimeout(backend.closeTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(e -> null).join();
    consumer.unregister();
    return exited;
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
