package io.replmesh.container.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The docker sandbox's part of a node's configuration, {@code sandbox.docker}:
 * <pre>
 * {"image": "replmesh-base:local", "images": {"python": "python:3.12-slim"}, "runtime": null,
 *  "uid": 65534, "gid": 65534, "binds": ["/usr", "/lib", "/lib64", "/bin", "/etc"],
 *  "dockerCommand": "docker", "monitorMs": 500}
 * </pre>
 *
 * @param dockerCommand the docker CLI to run
 * @param image         the image of runtimes that {@code images} does not name
 * @param images        an image per runtime id
 * @param runtime       an OCI runtime such as {@code runsc} (gVisor), or null for the daemon's default
 * @param uid           the unprivileged user the REPL runs as
 * @param gid           its group
 * @param binds         host directories bound read-only at the same path: the system of the local
 *                      base image, which is empty; set {@code []} for images that bring their own
 * @param monitorMs     how often every workspace is measured (written ones are, at once, too) and the
 *                      pids cgroup of each container is read
 */
record DockerSettings(String dockerCommand, String image, Map<String, String> images, String runtime, int uid,
                      int gid, List<String> binds, long monitorMs) {
  static final String DEFAULT_IMAGE = "replmesh-base:local";
  static final List<String> DEFAULT_BINDS = List.of("/usr", "/lib", "/lib64", "/bin", "/etc");
  static final int NOBODY = 65534;

  DockerSettings {
    images = Map.copyOf(images);
    binds = List.copyOf(binds);
  }

  static DockerSettings fromJson(JsonObject docker) {
    Map<String, String> images = new TreeMap<>();
    docker.getJsonObject("images", new JsonObject()).forEach(e -> images.put(e.getKey(), String.valueOf(e.getValue())));
    int uid = docker.getInteger("uid", NOBODY);
    JsonArray binds = docker.getJsonArray("binds", new JsonArray(DEFAULT_BINDS));
    return new DockerSettings(
        docker.getString("dockerCommand", "docker"),
        docker.getString("image", DEFAULT_IMAGE),
        images,
        docker.getString("runtime"),
        uid,
        docker.getInteger("gid", uid),
        // A bind whose source is missing (no /lib64 on arm64) would fail every container start.
        binds.stream().map(String::valueOf).filter(dir -> Files.isDirectory(Path.of(dir))).toList(),
        docker.getLong("monitorMs", 500L));
  }

  String imageFor(String runtimeId) {
    return images.getOrDefault(runtimeId, image);
  }
}
