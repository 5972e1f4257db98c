package io.replmesh.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How many idle Python sessions one node holds, and what each costs: the node's live heap
 * (after a full GC) and RSS, and the PSS of its REPL processes (sandbox included), measured
 * at steps up to the target. It stops early on a creation error, when the node and its REPLs
 * pass 16 GiB, or when the machine's available memory runs low (others work here too).
 */
final class DensityBenchmark implements Benchmark {
  private static final long MAX_TOTAL_BYTES = 16L << 30;
  private static final long MIN_AVAILABLE_BYTES = 3L << 30;

  @Override
  public String name() {
    return "density";
  }

  @Override
  public Result run(Settings settings) throws Exception {
    List<Integer> steps = settings.pick(List.of(100, 250, 500, 750, 1000), List.of(50, 100));
    int target = steps.get(steps.size() - 1);
    Result result = new Result(name(), "Session density on one node", settings);
    Table table = result.table("Idle python sessions on one node (" + settings.sandbox() + ")", "sessions",
        "REPL processes", "node heap MiB (after GC)", "node RSS MiB", "REPLs PSS MiB", "heap KiB/session",
        "RSS KiB/session", "PSS KiB/session", "total MiB/session", "create s");
    JsonArray rows = new JsonArray();
    result.data().put("steps", rows);
    try (MeshCluster cluster = MeshCluster.start(settings, 1, settings.sandbox())) {
      long pid = cluster.node(0).pid();
      Sleep.millis(1000);
      Snapshot base = Snapshot.of(pid, 0, 0);
      List<JsonObject> sessions = new ArrayList<>();
      rows.add(base.toJson(base));
      base.row(table, base);
      for (int step : steps) {
        long started = System.nanoTime();
        Sessions.Created created = Sessions.create(List.of(cluster.api(0)), "python", step - sessions.size(),
            Duration.ofSeconds(settings.pick(180, 60)));
        sessions.addAll(created.sessions());
        Sleep.millis(2000); // let the new REPLs finish starting and go idle
        Snapshot now = Snapshot.of(pid, sessions.size(), (System.nanoTime() - started) / 1e9);
        rows.add(now.toJson(base));
        now.row(table, base);
        String stopped = created.error() != null ? "creation failed: " + created.error()
            : now.total() > MAX_TOTAL_BYTES ? "node and REPLs passed 16 GiB"
            : Machine.memAvailableBytes() < MIN_AVAILABLE_BYTES ? "machine has < 3 GiB available" : null;
        if (stopped != null) {
          result.note("stopped at " + sessions.size() + " sessions: " + stopped);
          break;
        }
      }
      result.target("idle python sessions on one node", ">= " + target, Integer.toString(sessions.size()),
          sessions.size() >= target);
    }
    return result;
  }

  /** The node's memory at one step. */
  private record Snapshot(int sessions, double createSeconds, long heap, long rss, ProcMem.Children repls) {
    static Snapshot of(long pid, int sessions, double createSeconds) {
      return new Snapshot(sessions, createSeconds, ProcMem.heapUsedAfterGcBytes(pid), ProcMem.rssBytes(pid),
          ProcMem.children(pid));
    }

    long total() {
      return rss + repls.pssBytes();
    }

    /** Per session: the growth since no session existed, divided among the sessions. */
    long perSession(long now, long base) {
      return sessions == 0 ? 0 : (now - base) / sessions;
    }

    void row(Table table, Snapshot base) {
      table.row(sessions, repls.processes(), Fmt.mib(heap), Fmt.mib(rss), Fmt.mib(repls.pssBytes()),
          perSession(heap, base.heap) >> 10, perSession(rss, base.rss) >> 10,
          perSession(repls.pssBytes(), base.repls.pssBytes()) >> 10,
          Fmt.mib(perSession(total(), base.total())), Fmt.num(createSeconds, 1));
    }

    JsonObject toJson(Snapshot base) {
      return new JsonObject().put("sessions", sessions).put("replProcesses", repls.processes())
          .put("heapBytes", heap).put("rssBytes", rss).put("replsPssBytes", repls.pssBytes())
          .put("heapPerSession", perSession(heap, base.heap)).put("rssPerSession", perSession(rss, base.rss))
          .put("pssPerSession", perSession(repls.pssBytes(), base.repls.pssBytes()))
          .put("createSeconds", createSeconds);
    }
  }
}
