package io.replmesh.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the benchmarks: {@code Bench [all|echo|start|density|throughput|spacecraft|failover|report] [--quick]}.
 * Each writes bench-results/NAME.json; the report (after every run) turns them into
 * bench-results/summary.md and a chart.
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    List<String> names = List.of(args).stream().filter(a -> !a.startsWith("--")).toList();
    String what = names.isEmpty() ? "all" : names.get(0);
    Map<String, Benchmark> suite = new LinkedHashMap<>();
    for (Benchmark b : List.of(new EchoBenchmark(), new StartBenchmark(), new DensityBenchmark(),
        new ThroughputBenchmark(), new SpacecraftBenchmark(), new FailoverBenchmark())) {
      suite.put(b.name(), b);
    }
    if (!what.equals("all") && !what.equals("report") && !suite.containsKey(what)) {
      System.err.println("usage: bench [all|" + String.join("|", suite.keySet()) + "|report] [--quick]");
      System.exit(2);
    }
    Settings settings = Settings.from(quick);
    List<Benchmark> chosen = what.equals("all") ? new ArrayList<>(suite.values())
        : what.equals("report") ? List.of() : List.of(suite.get(what));
    List<String> failed = new ArrayList<>();
    for (Benchmark benchmark : chosen) {
      System.out.printf("### %s%s (sandbox %s)%n", benchmark.name(), quick ? " --quick" : "", settings.sandbox());
      try {
        benchmark.run(settings).finish(settings.results());
      } catch (Exception e) {
        // One broken benchmark must not cost the others' figures.
        System.err.println(benchmark.name() + " failed:");
        e.printStackTrace();
        failed.add(benchmark.name());
      }
    }
    Report.write(settings, List.copyOf(suite.keySet()));
    if (!failed.isEmpty()) {
      System.err.println("failed: " + String.join(", ", failed));
    }
    System.exit(failed.isEmpty() ? 0 : 1);
  }
}
