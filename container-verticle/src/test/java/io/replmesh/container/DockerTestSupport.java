package io.replmesh.container;

import static org.junit.jupiter.api.Assertions.fail;

import io.replmesh.container.impl.DockerSandbox;
import io.replmesh.protocol.Actions;
import io.replmesh.protocol.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Shared by the docker tests: the skip-or-fail rule, a node configuration, and a REPL client. */
final class DockerTestSupport {
  static final String NODE = "docker-test";

  private DockerTestSupport() {}

  /** Skips when docker or its base image is missing, except on CI (CI=true), where that is a failure. */
  static void requireDocker() {
    String problem = sandbox().problem();
    if (problem == null) {
      return;
    }
    String reason = "docker is not usable here (run .ci/docker-setup.sh): " + problem;
    if ("true".equals(System.getenv("CI"))) {
      fail(reason + " (CI=true: the docker sandbox must be tested)");
    }
    Assumptions.abort(reason);
  }

  /** Small limits, so that the bombs end fast, and the default docker settings: the local base image. */
  static JsonObject config(Path workspaceRoot) {
    JsonObject python = new JsonObject().put("command", new JsonArray().add("python3").add("-i").add("-q"))
        .put("env", new JsonObject().put("PYTHONDONTWRITEBYTECODE", "1"));
    JsonObject bash = new JsonObject().put("command", new JsonArray().add("bash").add("--norc").add("-i"))
        .put("env", new JsonObject().put("PS1", "$ "));
    return new JsonObject()
        .put("node", NODE)
        .put("workspaceRoot", workspaceRoot.toString())
        .put("sandbox", new JsonObject().put("type", "docker"))
        .put("limits", new JsonObject().put("memoryMb", 96).put("cpus", 0.5).put("pids", 32).put("workspaceMb", 16))
        .put("runtimes", new JsonObject().put("python", python).put("bash", bash));
  }

  static DockerSandbox sandbox() {
    return new DockerSandbox(NODE, config(Path.of("unused")).getJsonObject("sandbox"));
  }

  static ContainerVerticle deploy(Vertx vertx, Path workspaceRoot) {
    ContainerVerticle container = new ContainerVerticle(config(workspaceRoot), sandbox());
    vertx.deployVerticle(container).await();
    return container;
  }

  /** One spawned REPL: collects its output (returning a credit per chunk) and its exit. */
  static final class Repl {
    private static final DeliveryOptions CREDIT = new DeliveryOptions().addHeader(Actions.HEADER, Actions.CREDIT);
    private static final DeliveryOptions WRITE = new DeliveryOptions().addHeader(Actions.HEADER, Actions.WRITE);

    final String processId = UUID.randomUUID().toString();
    final String sessionId;
    /** The docker CLI's pid on the host. */
    final long pid;
    private final Vertx vertx;
    private final StringBuffer output = new StringBuffer();
    private final CompletableFuture<JsonObject> exit = new CompletableFuture<>();
    private final MessageConsumer<JsonObject> consumer;

    /** A python REPL at its first prompt, with {@code attempt(f)}: f's repr, or its exception's name. */
    static Repl python(Vertx vertx) {
      Repl repl = new Repl(vertx, "python", "s" + UUID.randomUUID().toString().substring(0, 8));
      repl.await(0, ">>> ", Duration.ofSeconds(20));
      repl.exec("""
          def attempt(f):
              try:
                  return 'ok ' + repr(f())
              except Exception as e:
                  return type(e).__name__
          """);
      return repl;
    }

    Repl(Vertx vertx, String runtime, String sessionId) {
      this.vertx = vertx;
      this.sessionId = sessionId;
      consumer = vertx.eventBus().<JsonObject>consumer(Addresses.processEvents(processId), m -> {
        if (Actions.EXIT.equals(m.headers().get(Actions.HEADER))) {
          exit.complete(m.body());
          return;
        }
        output.append(m.body().getString("data"));
        vertx.eventBus().send(Addresses.process(processId), null, CREDIT);
      });
      consumer.completion().await();
      JsonObject spawn = new JsonObject().put("processId", processId).put("sessionId", sessionId)
          .put("runtime", runtime).put("cols", 200).put("rows", 50);
      pid = vertx.eventBus().<JsonObject>request(Addresses.container(NODE), spawn,
          new DeliveryOptions().addHeader(Actions.HEADER, Actions.SPAWN)).await().body().getLong("pid");
    }

    void write(String data) {
      vertx.eventBus().send(Addresses.process(processId), new JsonObject().put("data", data), WRITE);
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
      int from = output.length();
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

    /** The slowest python round trip (what a user waits for an answer) over {@code period}, printed. */
    double worstEchoMillis(Duration period, String during) {
      long end = System.nanoTime() + period.toNanos();
      double worst = 0;
      int rounds = 0;
      while (System.nanoTime() < end || rounds < 3) {
        long start = System.nanoTime();
        run("print(6 * 7)", "42\r\n");
        worst = Math.max(worst, (System.nanoTime() - start) / 1e6);
        rounds++;
        sleep(20);
      }
      System.out.printf("docker: neighbour's echo during %s: worst %.1f ms of %d round trips%n", during, worst, rounds);
      return worst;
    }

    JsonObject awaitExit(Duration timeout) throws Exception {
      return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Kills the REPL and waits for its exit report, which comes once its container is removed. */
    JsonObject close() {
      vertx.eventBus().send(Addresses.process(processId), null, new DeliveryOptions().addHeader(Actions.HEADER, Actions.KILL));
      JsonObject exited = exit.orTimeout(40, TimeUnit.SECONDS).exceptionally(e -> null).join();
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
}
