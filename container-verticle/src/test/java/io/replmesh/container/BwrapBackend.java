package io.replmesh.container;

import io.replmesh.container.impl.BwrapProbe;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;

/** The bubblewrap sandbox, for the shared suites and the bwrap-only tests. */
final class BwrapBackend extends SandboxBackend {

  /** A REPL starts and ends as a plain process does, and its neighbour's echo stays local. */
  BwrapBackend() {
    super("bwrap", Duration.ofSeconds(10), Duration.ofSeconds(5), 500);
  }

  @Override
  String problem() {
    return BwrapProbe.problem();
  }

  @Override
  String unusable(String problem) {
    return "bubblewrap does not work on this host: " + problem;
  }

  /** A slow periodic sweep (5 s), so the disk tests see what the checks inotify triggers catch. */
  @Override
  JsonObject sandboxConfig() {
    return new JsonObject().put("type", "bwrap").put("diskCheckMs", 5000);
  }

  /** As a node configured so would pick it, by name. */
  @Override
  Sandbox sandbox(JsonObject config) {
    return Sandboxes.fromConfig(config);
  }

  /** The same node with another sandbox type: process, auto, or an unknown one. */
  JsonObject config(Path workspaceRoot, String type) {
    JsonObject config = config(workspaceRoot);
    config.getJsonObject("sandbox").put("type", type);
    return config;
  }
}
