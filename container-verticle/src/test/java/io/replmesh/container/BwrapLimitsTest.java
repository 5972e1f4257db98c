package io.replmesh.container;


import io.replmesh.container.impl.BwrapSandbox;
import io.replmesh.testkit.Requirements;

/** {@link SandboxLimitsContract} under bubblewrap, whose limits are cgroups the node sets up itself. */
class BwrapLimitsTest extends SandboxLimitsContract {
  @Override
  SandboxBackend backend() {
    return new BwrapBackend();
  }

  /** Without a usable cgroup hierarchy bwrap still isolates, but limits nothing. */
  @Override
  void assumeLimitsEnforced(ContainerVerticle container) {
    Requirements.require(((BwrapSandbox) container.sandbox()).cgroupsEnforced(), "usable cgroups on this host");
  }
}
