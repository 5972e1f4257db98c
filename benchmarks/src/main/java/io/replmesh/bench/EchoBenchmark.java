package io.replmesh.bench;

import io.replmesh.testkit.Api;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Keystroke echo latency through the whole mesh (websocket → router → event bus → session
 * actor → container → PTY → bash and back), on a 2-node cluster: same-node (the socket on the
 * session's owner) and cross-node (the socket on the other node), unloaded and with N
 * background sessions typing 5 keys/s, then once more with those sessions connected but idle.
 * The floors are measured in the same run, interleaved with the unloaded mesh: bash in a pty4j
 * PTY in this JVM, and a bare Vert.x websocket echo.
 */
final class EchoBenchmark implements Benchmark {
  private static final String SAME = "same-node";
  private static final String CROSS = "cross-node";
  /** Past this p99 (or with over 1 % of keys lost) the mesh is saturated: more load would only stall the suite. */
  private static final double SATURATED_P99_MS = 1000;

  @Override
  public String name() {
    return "echo";
  }

  /** One measured condition: the latencies of each echoer and what the machine was doing. */
  private record Condition(List<Latency> latencies, int lost, double keysPerSecond, double busy, double nodesCpu,
                           List<Long> nodeHeapBytes) {
    JsonObject toJson(int sessions) {
      return new JsonObject().put("sessions", sessions).put("keysPerSecond", keysPerSecond).put("lost", lost)
          .put("cpuBusyPercent", busy).put("nodesCpuPercent", nodesCpu).put("nodeHeapUsedBytes", new JsonArray(nodeHeapBytes))
          .put(SAME, latencies.get(0).toJson()).put(CROSS, latencies.get(1).toJson());
    }

    boolean saturated() {
      return lost > latencies.get(0).count() / 100 || latencies.stream().limit(2).anyMatch(l -> l.p99() > SATURATED_P99_MS);
    }

    /** Heap in use at the end of the condition, garbage included: a backlog shows as growth. */
    String heap() {
      return String.join(" / ", nodeHeapBytes.stream().map(b -> Long.toString(b >> 20)).toList());
    }
  }

  @Override
  public Result run(Settings settings) throws Exception {
    int samples = settings.pick(1000, 200);
    int warmup = settings.pick(3000, 1500);
    Duration budget = Duration.ofSeconds(settings.pick(45, 15));
    List<Integer> levels = settings.pick(List.of(0, 100, 500, 1000), List.of(0, 20, 50));
    Result result = new Result(name(), "Keystroke echo latency", settings);
    Table table = result.table("Echo latency: one key typed into bash until its output frame arrives (up to " + samples
        + " keys per row, at most " + budget.toSeconds() + " s)", "path", "background sessions", "keys/s typed", "n", "p50 ms", "p99 ms", "p99.9 ms",
        "max ms", "lost", "CPU busy %", "node JVMs CPU %", "node heap used MiB");
    JsonArray levelData = new JsonArray();
    result.data().put("levels", levelData);

    Vertx probeVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try (MeshCluster cluster = MeshCluster.start(settings, 2, settings.sandbox());
         Typists typists = new Typists();
         PtyEcho pty = new PtyEcho();
         WsEchoServer wsServer = new WsEchoServer()) {
      WebSocketClient client = probeVertx.createWebSocketClient();
      List<Api> apis = List.of(cluster.api(0), cluster.api(1));
      // Both probes go through n1's router; the sessions live on n1 and on n2.
      int port = cluster.node(0).httpPort;
      List<Echoer> mesh = List.of(SocketEcho.open(client, port, Sessions.wsUri(sessionOwnedBy(cluster, 0), "probe")),
          SocketEcho.open(client, port, Sessions.wsUri(sessionOwnedBy(cluster, 1), "probe")));
      List<Echoer> withFloors = new ArrayList<>(mesh);
      withFloors.add(pty);
      withFloors.add(SocketEcho.open(client, wsServer.port(), "/echo"));
      EchoSampler.warmUp(withFloors, warmup, budget);
      List<Long> nodePids = List.of(cluster.node(0).pid(), cluster.node(1).pid());

      for (int level : levels) {
        if (level > typists.size()) {
          Sessions.Created created = Sessions.create(apis, "bash", level - typists.size(), budget.multipliedBy(2));
          typists.add(created.sessions(),
              created.sessions().stream().map(s -> cluster.node(s.getInteger("via")).httpPort).toList());
          if (created.error() != null) {
            result.note("stopped at " + typists.size() + " background sessions: " + created.error());
            break;
          }
          Sleep.millis(2000); // every typist in its rhythm before we measure
        }
        Condition condition = measure(level == 0 ? withFloors : mesh, samples, budget, typists, nodePids);
        rows(table, String.valueOf(typists.size()), condition);
        levelData.add(condition.toJson(typists.size())
            .put("nodeRssMiB", new JsonArray(nodePids.stream().map(p -> ProcMem.rssBytes(p) >> 20).toList())));
        System.out.printf("echo: %d background sessions: same-node p50 %s p99 %s ms, cross-node p50 %s p99 %s ms%n",
            typists.size(), Fmt.ms(condition.latencies().get(0).p50()), Fmt.ms(condition.latencies().get(0).p99()),
            Fmt.ms(condition.latencies().get(1).p50()), Fmt.ms(condition.latencies().get(1).p99()));
        if (level == 0) {
          List<Latency> l = condition.latencies();
          row(table, "floor: pty4j in-process", "0", 0, l.get(2), 0, condition.busy(), -1, "-");
          row(table, "floor: bare Vert.x websocket", "0", 0, l.get(3), 0, condition.busy(), -1, "-");
          result.data().put("floors", new JsonObject().put("pty", l.get(2).toJson()).put("websocket", l.get(3).toJson()));
          addedLatency(result, l);
        }
        if (condition.saturated()) {
          result.note("saturated at " + typists.size() + " typing sessions (keys lost or p99 over "
              + (int) SATURATED_P99_MS + " ms): no further load levels were run.");
          break;
        }
      }
      if (typists.failedConnects() > 0) {
        result.note(typists.failedConnects() + " background sessions could not be joined (not counted above)");
      }
      // The same sessions, connected but silent: separates the cost of load from that of a warm or cold path.
      typists.stop();
      Sleep.millis(2000);
      Condition idle = measure(mesh, samples, budget, typists, nodePids);
      rows(table, typists.size() + " idle", idle);
      result.data().put("afterLoadIdle", idle.toJson(typists.size()));
      checkTargets(result, levelData);
    } finally {
      Await.result(probeVertx.close(), 10); // closes the probes' sockets too
    }
    result.note("Sandbox " + settings.sandbox() + "; probes type into bash sessions through n1's router; background "
        + "sessions are bash, created round-robin through both nodes, each typing 'echo typing\\r' at 5 keys/s. "
        + "CPU busy is the whole machine's, which other work shares.");
    return result;
  }

  private static Condition measure(List<Echoer> echoers, int samples, Duration budget, Typists typists,
                                   List<Long> nodePids) throws Exception {
    List<Latency> latencies = echoers.stream().map(e -> new Latency()).toList();
    long keysBefore = typists.keys();
    long started = System.nanoTime();
    CpuMeter cpu = new CpuMeter(nodePids);
    int lost = EchoSampler.sample(echoers, latencies, samples, budget);
    double keysPerSecond = (typists.keys() - keysBefore) / ((System.nanoTime() - started) / 1e9);
    return new Condition(latencies, lost, keysPerSecond, cpu.machineBusyPercent(), cpu.processPercent(),
        nodePids.stream().map(ProcMem::heapUsedBytes).toList());
  }

  /** The mesh's own share: its p50 less what a PTY and a websocket cost by themselves. */
  private static void addedLatency(Result result, List<Latency> unloaded) {
    double floor = unloaded.get(2).p50() + unloaded.get(3).p50();
    Table added = result.table("Mesh added latency, unloaded: mesh p50 - (pty p50 + websocket p50)",
        "path", "mesh p50 ms", "pty p50 + ws p50 ms", "added ms");
    JsonObject data = new JsonObject();
    for (int i = 0; i < 2; i++) {
      String path = i == 0 ? SAME : CROSS;
      double mesh = unloaded.get(i).p50();
      added.row(path, Fmt.ms(mesh), Fmt.ms(floor), Fmt.ms(mesh - floor));
      data.put(path, mesh - floor);
      result.target("mesh adds over PTY + websocket, p50, " + path, "<= 0.4 ms", Fmt.ms(mesh - floor) + " ms",
          mesh - floor <= 0.4);
    }
    result.data().put("addedMs", data);
  }

  private static void checkTargets(Result result, JsonArray levels) {
    for (Object o : levels) {
      JsonObject level = (JsonObject) o;
      int sessions = level.getInteger("sessions");
      JsonObject cross = level.getJsonObject(CROSS);
      if (sessions == 0) {
        result.target("unloaded cross-node echo p50", "<= 0.5 ms", Fmt.ms(cross.getDouble("p50Ms")) + " ms",
            cross.getDouble("p50Ms") <= 0.5);
      } else if (sessions == 500) {
        for (String path : List.of(SAME, CROSS)) {
          JsonObject l = level.getJsonObject(path);
          result.target("echo p50 at 500 sessions, " + path, "<= 1 ms", Fmt.ms(l.getDouble("p50Ms")) + " ms",
              l.getDouble("p50Ms") <= 1);
          result.target("echo p99 at 500 sessions, " + path, "<= 5 ms", Fmt.ms(l.getDouble("p99Ms")) + " ms",
              l.getDouble("p99Ms") <= 5);
        }
      }
    }
  }

  private static void rows(Table table, String sessions, Condition c) {
    row(table, SAME, sessions, c.keysPerSecond(), c.latencies().get(0), c.lost(), c.busy(), c.nodesCpu(), c.heap());
    row(table, CROSS, sessions, c.keysPerSecond(), c.latencies().get(1), c.lost(), c.busy(), c.nodesCpu(), c.heap());
  }

  /** {@code nodesCpu} < 0: not a node measurement. */
  private static void row(Table table, String path, String sessions, double keysPerSecond, Latency latency, int lost,
                          double busy, double nodesCpu, String heap) {
    Object[] cells = latency.cells();
    table.row(path, sessions, Fmt.num(keysPerSecond, 0), cells[0], cells[1], cells[2], cells[3], cells[4], lost,
        Fmt.num(busy, 0), nodesCpu < 0 ? "-" : Fmt.num(nodesCpu, 0), heap);
  }

  /** Creates bash sessions through n1 until one lands on the wanted node (placement picks the least loaded). */
  private static JsonObject sessionOwnedBy(MeshCluster cluster, int owner) {
    String wanted = cluster.node(owner).name;
    for (int attempt = 0; attempt < 40; attempt++) {
      JsonObject session = cluster.api(0).createSession("bash");
      if (wanted.equals(session.getString("node"))) {
        return session;
      }
      Sessions.delete(cluster.api(0), session);
    }
    throw new IllegalStateException("no session was placed on " + wanted + " in 40 attempts");
  }
}
