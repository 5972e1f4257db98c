package io.replmesh.bench;

/** One benchmark of the suite: starts what it needs, measures, cleans up, returns its result. */
interface Benchmark {
  String name();

  Result run(Settings settings) throws Exception;
}
