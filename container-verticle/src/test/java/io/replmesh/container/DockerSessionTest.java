package io.replmesh.container;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SandboxSessionContract} in a container per REPL. */
class DockerSessionTest extends SandboxSessionContract {
  @Override
  SandboxBackend backend() {
    return new DockerBackend();
  }

  /** Docker marks every container with this file; its hostname is a random container id. */
  @Override
  void assertInsideTheSandbox(SandboxRepl repl) {
    assertThat(repl.eval("__import__('os').path.exists('/.dockerenv')")).isEqualTo("True");
  }
}
