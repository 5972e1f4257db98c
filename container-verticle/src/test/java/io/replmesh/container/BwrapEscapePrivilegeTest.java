package io.replmesh.container;

/** {@link SandboxEscapePrivilegeContract} under bubblewrap. */
class BwrapEscapePrivilegeTest extends SandboxEscapePrivilegeContract {
  @Override
  SandboxBackend backend() {
    return new BwrapBackend();
  }

  /** bwrap's init (1) and the REPL, seen as [1, 2], with the one spare this bound has always allowed. */
  @Override
  int maxProcessesSeen() {
    return 3;
  }
}
