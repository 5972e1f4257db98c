package io.replmesh.bench;

import io.replmesh.testkit.Api;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Session start as a user sees it: POST /api/v1/sessions until the first output byte (the
 * Python prompt) arrives on the session's websocket, for each sandbox backend this machine
 * has, one session at a time on a node of its own.
 */
final class StartBenchmark implements Benchmark {
  private static final int WARMUP = 3;

  @Override
  public String name() {
    return "start";
  }

  @Override
  public Result run(Settings settings) throws Exception {
    int samples = settings.pick(40, 20);
    Result result = new Result(name(), "Session start", settings);
    Table table = result.table("Session start, python: POST /api/v1/sessions → first output frame on its websocket ("
        + samples + " starts after " + WARMUP + " unrecorded)", "sandbox", "n", "POST→201 p50 ms", "first output p50 ms",
        "first output p99 ms", "max ms");
    Vertx vertx = Vertx.vertx();
    try {
      WebSocketClient client = vertx.createWebSocketClient();
      for (String backend : backends()) {
        try (MeshCluster node = MeshCluster.start(settings, 1, backend)) {
          Latency created = new Latency();
          Latency firstOutput = new Latency();
          for (int i = 0; i < WARMUP + samples; i++) {
            long[] timing = startOnce(node.api(0), client, node.node(0).httpPort);
            if (i >= WARMUP) {
              created.record(timing[0]);
              firstOutput.record(timing[1]);
            }
          }
          table.row(backend, firstOutput.count(), Fmt.ms(created.p50()), Fmt.ms(firstOutput.p50()),
              Fmt.ms(firstOutput.p99()), Fmt.ms(firstOutput.maxMs()));
          result.data().put(backend, new JsonObject().put("post", created.toJson()).put("firstOutput", firstOutput.toJson()));
          target(result, backend, firstOutput);
        } catch (IllegalStateException e) {
          // A backend this node build or machine cannot run (e.g. no docker support yet): say so, go on.
          table.row(backend, 0, "-", "-", "-", "unavailable (see notes)");
          result.note(backend + " could not run: " + e.getMessage());
        }
      }
    } finally {
      Await.result(vertx.close(), 10);
    }
    // The process backend runs what the node's PATH finds; bwrap resolves runtimes in system directories.
    result.note("python3 on this PATH (what the process backend starts): " + Exec.run(5, "sh", "-c", "command -v python3").strip());
    return result;
  }

  /** {POST→201, POST→first output frame} in nanoseconds; the session is deleted afterwards. */
  private static long[] startOnce(Api api, WebSocketClient client, int port) throws Exception {
    long started = System.nanoTime();
    JsonObject session = api.createSession("python");
    long created = System.nanoTime() - started;
    CompletableFuture<Long> firstOutput = new CompletableFuture<>();
    try (MeshSocket socket = MeshSocket.connect(client, port, Sessions.wsUri(session, "starter"), (at, frame) -> {
      if ("output".equals(frame.getString("type"))) {
        firstOutput.complete(at - started);
      }
    })) {
      return new long[] {created, firstOutput.get(30, TimeUnit.SECONDS)};
    } finally {
      Sessions.delete(api, session);
    }
  }

  private static void target(Result result, String backend, Latency firstOutput) {
    Double goal = switch (backend) {
      case "bwrap" -> 80.0;
      case "docker" -> 250.0;
      default -> null;
    };
    if (goal != null) {
      result.target("session start p50, " + backend, "<= " + goal.intValue() + " ms", Fmt.ms(firstOutput.p50()) + " ms",
          firstOutput.p50() <= goal);
    }
  }

  /** process always; bwrap where installed; docker where the daemon answers and the base image exists. */
  private static List<String> backends() {
    List<String> backends = new ArrayList<>(List.of("process"));
    if (Files.isExecutable(Path.of("/usr/bin/bwrap"))) {
      backends.add("bwrap");
    }
    if (Exec.succeeds(20, "docker", "info") && Exec.succeeds(20, "docker", "image", "inspect", "replmesh-base:local")) {
      backends.add("docker");
    }
    return backends;
  }
}
