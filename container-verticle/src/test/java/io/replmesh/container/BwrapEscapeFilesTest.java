package io.replmesh.container;

/** {@link SandboxEscapeFilesContract} under bubblewrap. */
class BwrapEscapeFilesTest extends SandboxEscapeFilesContract {
  @Override
  SandboxBackend backend() {
    return new BwrapBackend();
  }

  /** bwrap builds the sandbox's root on a tmpfs of its own, which goes with the sandbox. */
  @Override
  boolean rootIsWritable() {
    return true;
  }
}
