package io.replmesh.bench;

import io.replmesh.testkit.Api;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The SpaceCraft study's measurement redone (shared/seeds/002: Artillery, 20 virtual users
 * connecting one at a time, 5 evaluations each, 100 in all; median 2.1 ms on localhost with
 * streamed output): each user opens a python session and its websocket, then submits
 * {@code print(A*B)} lines one after another; latency is from the submit to the result line
 * appearing in the output.
 */
final class SpacecraftBenchmark implements Benchmark {
  private static final int USERS = 20;
  private static final int EVALUATIONS = 5;
  private static final double SPACECRAFT_MEDIAN_MS = 2.1;
  /** Users arrive one after another, this far apart, and overlap as Artillery's arrivals do. */
  private static final long ARRIVAL_GAP_MS = 100;

  @Override
  public String name() {
    return "spacecraft";
  }

  @Override
  public Result run(Settings settings) throws Exception {
    Result result = new Result(name(), "SpaceCraft's evaluation latency, redone", settings);
    Latency latency = new Latency();
    Vertx vertx = Vertx.vertx();
    ExecutorService users = Executors.newFixedThreadPool(USERS);
    try (MeshCluster cluster = MeshCluster.start(settings, 1, settings.sandbox())) {
      WebSocketClient client = vertx.createWebSocketClient();
      evaluateAll(cluster, client, users, new Latency(), 0); // warm-up round, not recorded
      evaluateAll(cluster, client, users, latency, 1);
    } finally {
      users.shutdownNow();
      Await.result(vertx.close(), 10);
    }
    result.table("Submit `print(A*B)\\r` → result line in the output; " + USERS + " users × " + EVALUATIONS
            + " evaluations, python, one node (" + settings.sandbox() + ")", "system", "n", "median ms", "p99 ms", "max ms")
        .row("replmesh", latency.count(), Fmt.ms(latency.p50()), Fmt.ms(latency.p99()), Fmt.ms(latency.maxMs()))
        .row("SpaceCraft (study, localhost, streaming)", 100, Fmt.ms(SPACECRAFT_MEDIAN_MS), "-", "-");
    result.data().put("latency", latency.toJson()).put("spacecraftMedianMs", SPACECRAFT_MEDIAN_MS);
    result.note("SpaceCraft: Node.js + node-pty + Docker, measured with Artillery; here the same workload through "
        + "replmesh's full path, with the client in a JVM on the same machine.");
    return result;
  }

  /** One round: every user arrives in turn, opens a session and evaluates; waits for all. */
  private static void evaluateAll(MeshCluster cluster, WebSocketClient client, ExecutorService users, Latency into,
                                  int round) throws Exception {
    List<Future<?>> running = new ArrayList<>();
    for (int user = 0; user < USERS; user++) {
      int u = user;
      running.add(users.submit(() -> {
        user(cluster.api(0), client, cluster.node(0).httpPort, u + USERS * round, into);
        return null;
      }));
      Sleep.millis(ARRIVAL_GAP_MS);
    }
    for (Future<?> user : running) {
      user.get(120, TimeUnit.SECONDS);
    }
  }

  private static void user(Api api, WebSocketClient client, int port, int user, Latency into) throws Exception {
    JsonObject session = api.createSession("python");
    Evaluator evaluator = new Evaluator();
    try (MeshSocket socket = MeshSocket.connect(client, port, Sessions.wsUri(session, "vu" + user), evaluator)) {
      evaluator.awaitPrompt();
      for (int i = 0; i < EVALUATIONS; i++) {
        // Distinct operands: the result line can never be mistaken for the echo of the input.
        int a = 1000 + user;
        int b = 7 + i;
        into.record(evaluator.evaluate(socket, "print(" + a + "*" + b + ")\r", Integer.toString(a * b)));
      }
    } finally {
      Sessions.delete(api, session);
    }
  }

  /** Follows one session's output: the prompt, and the result line of the pending evaluation. */
  private static final class Evaluator implements MeshSocket.Listener {
    private final StringBuilder output = new StringBuilder();
    private CompletableFuture<Long> pending;
    private String expectedLine;

    @Override
    public synchronized void onFrame(long arrived, JsonObject frame) {
      if (!"output".equals(frame.getString("type"))) {
        return;
      }
      output.append(frame.getString("data"));
      if (pending != null && output.indexOf(expectedLine) >= 0) {
        pending.complete(arrived);
      }
    }

    void awaitPrompt() {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!outputContains(">>> ")) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no python prompt within 30 s");
        }
        Sleep.millis(5);
      }
    }

    /** Submits {@code line}; returns the nanoseconds until {@code result} appears as a line of its own. */
    long evaluate(MeshSocket socket, String line, String result) throws Exception {
      CompletableFuture<Long> done = new CompletableFuture<>();
      synchronized (this) {
        output.setLength(0);
        expectedLine = "\n" + result + "\r";
        pending = done;
      }
      long submitted = System.nanoTime();
      socket.input(line);
      long arrived = done.get(30, TimeUnit.SECONDS);
      awaitPromptAfterResult();
      return arrived - submitted;
    }

    /** The next evaluation is typed at the prompt, as a person would, not into the running one. */
    private void awaitPromptAfterResult() {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!outputContains(expectedLine.trim() + "\r\n>>> ") && System.nanoTime() < deadline) {
        Sleep.millis(1);
      }
    }

    private synchronized boolean outputContains(String text) {
      return output.indexOf(text) >= 0;
    }
  }
}
