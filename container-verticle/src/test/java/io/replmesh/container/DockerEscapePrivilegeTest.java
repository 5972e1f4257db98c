package io.replmesh.container;

/** {@link SandboxEscapePrivilegeContract} in a container per REPL. */
class DockerEscapePrivilegeTest extends SandboxEscapePrivilegeContract {
  @Override
  SandboxBackend backend() {
    return new DockerBackend();
  }

  /** The init (1) that {@code --init} puts in front, and the REPL. */
  @Override
  int maxProcessesSeen() {
    return 2;
  }
}
