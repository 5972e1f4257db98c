package io.replmesh.container;

/** {@link SandboxLimitsContract} in a container per REPL, limited by docker's own flags. */
class DockerLimitsTest extends SandboxLimitsContract {
  @Override
  SandboxBackend backend() {
    return new DockerBackend();
  }

  /** The monitor reads the container's pids.events every monitorMs, 500 ms. */
  @Override
  void awaitPidsLimitNoticed() {
    SandboxRepl.sleep(1000);
  }
}
