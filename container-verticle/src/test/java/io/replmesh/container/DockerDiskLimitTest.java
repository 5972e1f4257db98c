package io.replmesh.container;

/** {@link SandboxDiskLimitContract} in a container per REPL. */
class DockerDiskLimitTest extends SandboxDiskLimitContract {
  @Override
  SandboxBackend backend() {
    return new DockerBackend();
  }

  /**
   * Past the cap by what a writer of gigabytes a second manages between file event and kill
   * (17-54 MiB seen on 2 busy cores); without file events it was up to 250 MiB.
   */
  @Override
  long overshootBound() {
    return CAP + (128L << 20);
  }

  /** Docker's /dev is a tmpfs owned by root, and the REPL runs as nobody: EACCES. */
  @Override
  String devWriteError() {
    return "PermissionError";
  }
}
