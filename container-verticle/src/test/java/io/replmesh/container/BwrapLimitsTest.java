package io.replmesh.container;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.replmesh.container.impl.BwrapSandbox;

/** {@link SandboxLimitsContract} under bubblewrap, whose limits are cgroups the node sets up itself. */
class BwrapLimitsTest extends SandboxLimitsContract {
  @Override
  SandboxBackend backend() {
    return new BwrapBackend();
  }

  /** Without a usable cgroup hierarchy bwrap still isolates, but limits nothing. */
  @Override
  void assumeLimitsEnforced(ContainerVerticle container) {
    assumeTrue(((BwrapSandbox) container.sandbox()).cgroupsEnforced(), "no usable cgroups on this host");
  }
}
