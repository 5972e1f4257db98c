package io.replmesh.container;

import io.replmesh.container.impl.DockerSandbox;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;

/** The docker sandbox with its default settings (the local base image), for the shared suites and docker-only tests. */
final class DockerBackend extends SandboxBackend {

  /**
   * Every start, kill and echo goes through the docker CLI and daemon, and a killed REPL reports
   * its exit only once its container is removed, which the daemon may take its time over.
   */
  DockerBackend() {
    super("docker", Duration.ofSeconds(20), Duration.ofSeconds(40), 1000);
  }

  @Override
  String problem() {
    return sandbox().problem();
  }

  @Override
  String unusable(String problem) {
    return "docker is not usable here (run .ci/docker-setup.sh): " + problem;
  }

  @Override
  JsonObject sandboxConfig() {
    return new JsonObject().put("type", "docker");
  }

  @Override
  Sandbox sandbox(JsonObject config) {
    return new DockerSandbox(node(), config.getJsonObject("sandbox"));
  }

  /** A docker sandbox of this node: it checks the daemon and image, and removes a node's leftovers. */
  DockerSandbox sandbox() {
    return (DockerSandbox) sandbox(config(Path.of("unused")));
  }
}
