package io.replmesh.container.impl;

import io.replmesh.container.Sandbox;

/**
 * No isolation at all: the REPL runs as the node's own user with the node's rights. For
 * development only; the node binds to loopback and warns loudly when this is configured.
 */
public final class ProcessSandbox implements Sandbox {

  @Override
  public String name() {
    return "process";
  }

  @Override
  public boolean isolated() {
    return false;
  }

  @Override
  public LaunchPlan plan(LaunchRequest request) {
    return new LaunchPlan(request.runtime().command(), request.env(), request.workspace().resolve(request.cwd()), null);
  }

  @Override
  public String release(LaunchPlan plan, int exitCode) {
    return ExitReasons.fromExitCode(exitCode);
  }
}
