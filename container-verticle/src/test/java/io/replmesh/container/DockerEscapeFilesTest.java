package io.replmesh.container;

/** {@link SandboxEscapeFilesContract} in a container per REPL. */
class DockerEscapeFilesTest extends SandboxEscapeFilesContract {
  @Override
  SandboxBackend backend() {
    return new DockerBackend();
  }

  /** The container runs --read-only: its root is the image's, and nothing may change it. */
  @Override
  boolean rootIsWritable() {
    return false;
  }
}
