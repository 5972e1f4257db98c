package io.replmesh.container;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One test's node on one backend: a Vert.x with a {@link ContainerVerticle} on the backend's
 * sandbox, and the REPLs spawned on it, which {@link #close} ends so no sandbox outlives its test.
 */
final class SandboxHarness {
  final SandboxBackend backend;
  final Path workspaces;
  final Vertx vertx;
  private final List<SandboxRepl> repls = new CopyOnWriteArrayList<>();

  /** Skips, or fails on CI, when the backend does not work here; else starts a Vert.x, no node yet. */
  SandboxHarness(SandboxBackend backend, Path workspaces) {
    backend.require();
    this.backend = backend;
    this.workspaces = workspaces;
    this.vertx = Vertx.vertx();
  }

  /** Deploys a node with the backend's configuration and sandbox. */
  ContainerVerticle deploy() {
    JsonObject config = backend.config(workspaces);
    ContainerVerticle container = new ContainerVerticle(config, backend.sandbox(config));
    vertx.deployVerticle(container).await();
    return container;
  }

  /** A REPL of {@code runtime} in a new session, spawned but not yet at its prompt. */
  SandboxRepl spawn(String runtime) {
    return spawn(runtime, "s" + UUID.randomUUID().toString().substring(0, 8));
  }

  SandboxRepl spawn(String runtime, String sessionId) {
    SandboxRepl repl = new SandboxRepl(vertx, backend, runtime, sessionId);
    repls.add(repl);
    return repl;
  }

  /** A python REPL in a new session at its first prompt, with {@code attempt(f)}. */
  SandboxRepl python() {
    return spawn("python").withAttempt();
  }

  /** The same, in {@code sessionId}'s workspace: a restart of that session. */
  SandboxRepl python(String sessionId) {
    return spawn("python", sessionId).withAttempt();
  }

  /** Ends every REPL, waiting for its sandbox to go, then the node. */
  void close() {
    repls.forEach(SandboxRepl::close);
    vertx.close().await();
  }
}
