package io.replmesh.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One session printing as fast as it can to one websocket client: the MB/s that arrive over
 * 5 s, what the flood does to the echo of 10 other sessions on the same node (p99 with and
 * without it), the node's RSS before, during and after, and how soon Ctrl-C stops the flood.
 */
final class ThroughputBenchmark implements Benchmark {
  private static final int PROBES = 10;
  private static final long WINDOW_MS = 5000;
  private static final Duration BUDGET = Duration.ofSeconds(30);

  @Override
  public String name() {
    return "throughput";
  }

  @Override
  public Result run(Settings settings) throws Exception {
    int keysPerProbe = settings.pick(50, 15);
    Result result = new Result(name(), "Output flood", settings);
    Vertx probeVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    Vertx floodVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try (MeshCluster cluster = MeshCluster.start(settings, 1, settings.sandbox())) {
      long pid = cluster.node(0).pid();
      int port = cluster.node(0).httpPort;
      WebSocketClient probeClient = probeVertx.createWebSocketClient();
      List<SocketEcho> probes = new ArrayList<>();
      for (int i = 0; i < PROBES; i++) {
        probes.add(SocketEcho.open(probeClient, port, Sessions.wsUri(cluster.api(0).createSession("bash"), "probe")));
      }
      FloodWatcher watcher = new FloodWatcher();
      MeshSocket flood = MeshSocket.connect(floodVertx.createWebSocketClient(), port,
          Sessions.wsUri(cluster.api(0).createSession("python"), "flooder"), watcher);
      EchoSampler.warmUp(probes, 300, BUDGET);

      long rssBefore = ProcMem.rssBytes(pid);
      Latency quiet = new Latency();
      EchoSampler.sample(probes, Collections.nCopies(PROBES, quiet), keysPerProbe, BUDGET);

      // A compound statement: the empty line after it ends the block and runs it.
      flood.input("while True: print('x'*1000)\r\r");
      long floodStart = watcher.floodStarted.get(30, TimeUnit.SECONDS);
      CompletableFuture<long[]> window = CompletableFuture.supplyAsync(() -> measureWindow(watcher, pid, floodStart));
      Latency flooded = new Latency();
      EchoSampler.sample(probes, Collections.nCopies(PROBES, flooded), keysPerProbe, BUDGET);
      long[] measured = window.get(60, TimeUnit.SECONDS); // {bytes in the window, max RSS}
      double mbPerSecond = measured[0] / 1e6 / (WINDOW_MS / 1000.0);

      long interruptAt = System.nanoTime();
      watcher.interruptSent(interruptAt);
      flood.input("\u0003");
      double promptMs = (watcher.promptBack.get(60, TimeUnit.SECONDS) - interruptAt) / 1e6;
      Sleep.millis(3000);
      long rssAfter = ProcMem.rssBytes(pid);

      double ratio = flooded.p99() / quiet.p99();
      result.table("Flood: python `while True: print('x'*1000)` to one websocket client", "measure", "value")
          .row("throughput over " + WINDOW_MS / 1000 + " s", Fmt.num(mbPerSecond, 1) + " MB/s")
          .row("Ctrl-C → last flood frame", Fmt.ms(watcher.floodStoppedMs()) + " ms")
          .row("Ctrl-C → KeyboardInterrupt shown", Fmt.ms(watcher.keyboardInterruptMs()) + " ms")
          .row("Ctrl-C → prompt back", Fmt.ms(promptMs) + " ms")
          .row("node RSS before / during (max) / after", Fmt.mib(rssBefore) + " / " + Fmt.mib(measured[1]) + " / "
              + Fmt.mib(rssAfter) + " MiB");
      Table echo = result.table("Echo of " + PROBES + " other bash sessions on the node, without and with the flood",
          "condition", "n", "p50 ms", "p99 ms", "p99.9 ms", "max ms");
      echo.row(prepend("no flood", quiet.cells()));
      echo.row(prepend("during flood", flooded.cells()));
      echo.row("p99 ratio flood / no flood", "", "", Fmt.num(ratio, 2) + "×", "", "");
      result.target("flood raises others' echo p99", "< 2×", Fmt.num(ratio, 2) + "×", ratio < 2);
      result.data().put("mbPerSecond", mbPerSecond).put("floodStoppedMs", watcher.floodStoppedMs())
          .put("keyboardInterruptMs", watcher.keyboardInterruptMs()).put("promptBackMs", promptMs)
          .put("rssBeforeBytes", rssBefore).put("rssDuringMaxBytes", measured[1]).put("rssAfterBytes", rssAfter)
          .put("echoQuiet", quiet.toJson()).put("echoFlooded", flooded.toJson()).put("p99Ratio", ratio);
      result.note("The flood runs under the default per-session limit of " + cpus(cluster) + " CPU; "
          + "the probes are " + PROBES + " bash sessions typed into in turn, " + keysPerProbe + " keys each per condition.");
    } finally {
      Await.result(probeVertx.close(), 10);
      Await.result(floodVertx.close(), 10);
    }
    return result;
  }

  /** Bytes received in the 5 s after the flood began, and the node's largest RSS meanwhile. */
  private static long[] measureWindow(FloodWatcher watcher, long pid, long floodStart) {
    long bytesAtStart = watcher.bytes();
    long end = floodStart + TimeUnit.MILLISECONDS.toNanos(WINDOW_MS);
    long maxRss = 0;
    while (System.nanoTime() < end) {
      maxRss = Math.max(maxRss, ProcMem.rssBytes(pid));
      Sleep.millis(Math.max(1, Math.min(250, (end - System.nanoTime()) / 1_000_000)));
    }
    return new long[] {watcher.bytes() - bytesAtStart, maxRss};
  }

  private static String cpus(MeshCluster cluster) {
    JsonObject python = cluster.api(0).get("/api/v1/runtimes", null).bodyAsJsonArray().stream()
        .map(JsonObject.class::cast).filter(r -> "python".equals(r.getString("id"))).findFirst().orElseThrow();
    return String.valueOf(python.getJsonObject("limits").getValue("cpus"));
  }

  private static Object[] prepend(Object first, Object[] rest) {
    Object[] cells = new Object[rest.length + 1];
    cells[0] = first;
    System.arraycopy(rest, 0, cells, 1, rest.length);
    return cells;
  }
}
