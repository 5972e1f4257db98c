package io.replmesh.container;

import io.replmesh.container.impl.BwrapProbe;
import io.replmesh.container.impl.BwrapSandbox;
import io.replmesh.container.impl.DockerSandbox;
import io.replmesh.container.impl.ProcessSandbox;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the sandbox a node's configuration names: {@code {"sandbox":{"type":"bwrap"}}}.
 * Types: {@code bwrap}, {@code docker} (a container per REPL), {@code process} (no isolation, development only) and {@code auto}, the
 * default: bwrap where it works on this host, else process with a loud warning.
 * Blocking (auto probes bwrap once): call it off the event loop.
 */
public final class Sandboxes {
  private static final Logger log = LoggerFactory.getLogger(Sandboxes.class);
  static final String KNOWN = "auto, bwrap, docker, process";

  private Sandboxes() {}

  public static Sandbox fromConfig(JsonObject config) {
    JsonObject sandbox = config.getJsonObject("sandbox", new JsonObject());
    String type = sandbox.getString("type", "auto");
    return switch (type) {
      case "process" -> new ProcessSandbox();
      case "bwrap" -> bwrap(config);
      case "docker" -> new DockerSandbox(config.getString("node"), sandbox);
      case "auto" -> auto(config);
      default -> throw new IllegalArgumentException("unknown sandbox type '" + type + "' (known: " + KNOWN + ")");
    };
  }

  /** Asked for by name, bwrap must work: running unsandboxed instead would be a silent hole. */
  private static Sandbox bwrap(JsonObject config) {
    String problem = BwrapProbe.problem();
    if (problem != null) {
      throw new IllegalStateException("sandbox.type is bwrap, but bubblewrap does not work here: " + problem);
    }
    return new BwrapSandbox(config);
  }

  private static Sandbox auto(JsonObject config) {
    String problem = BwrapProbe.problem();
    if (problem == null) {
      return new BwrapSandbox(config);
    }
    log.warn("*** NO SANDBOX: bubblewrap does not work here ({}); REPLs run UNISOLATED as the node's own user. "
        + "Install bubblewrap or set sandbox.type explicitly. ***", problem);
    return new ProcessSandbox();
  }
}
