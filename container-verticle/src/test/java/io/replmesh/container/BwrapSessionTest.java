package io.replmesh.container;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SandboxSessionContract} under bubblewrap. */
class BwrapSessionTest extends SandboxSessionContract {
  @Override
  SandboxBackend backend() {
    return new BwrapBackend();
  }

  /** bwrap gives the sandbox a UTS namespace of its own, named so. */
  @Override
  void assertInsideTheSandbox(SandboxRepl repl) {
    assertThat(repl.eval("__import__('socket').gethostname()")).isEqualTo("sandbox");
  }
}
