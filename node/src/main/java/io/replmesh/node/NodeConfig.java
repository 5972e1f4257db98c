package io.replmesh.node;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A node's configuration, in three layers, later ones winning: the defaults in
 * {@code conf/} (classpath {@code replmesh/default.json}), a JSON file named by
 * {@code REPLMESH_CONF} (deep-merged), then single environment variables:
 *
 * <pre>
 * REPLMESH_NODE_NAME       node name (default: host name)
 * REPLMESH_HTTP_HOST       bind address (default 0.0.0.0; 127.0.0.1 when unsandboxed)
 * REPLMESH_HTTP_PORT       HTTP port (default 8080)
 * REPLMESH_SANDBOX         process | bwrap | docker | auto
 * REPLMESH_WORKSPACE_ROOT  where session workspaces live (default: TMPDIR/replmesh/NODE)
 * </pre>
 */
public final class NodeConfig {
  private static final String DEFAULTS = "replmesh/default.json";

  private NodeConfig() {}

  public static JsonObject load(Map<String, String> env) {
    JsonObject config = defaults();
    String file = env.get("REPLMESH_CONF");
    if (file != null && !file.isBlank()) {
      try {
        config.mergeIn(new JsonObject(Files.readString(Path.of(file))), true);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read REPLMESH_CONF " + file, e);
      }
    }
    JsonObject http = config.getJsonObject("http");
    putIfSet(env, "REPLMESH_HTTP_HOST", v -> http.put("host", v));
    putIfSet(env, "REPLMESH_HTTP_PORT", v -> http.put("port", Integer.parseInt(v)));
    putIfSet(env, "REPLMESH_NODE_NAME", v -> config.put("node", v));
    putIfSet(env, "REPLMESH_SANDBOX", v -> config.getJsonObject("sandbox").put("type", v));
    putIfSet(env, "REPLMESH_WORKSPACE_ROOT", v -> config.put("workspaceRoot", v));
    return complete(config);
  }

  /** The packaged defaults, as a fresh mutable copy. */
  public static JsonObject defaults() {
    try (InputStream in = NodeConfig.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS + " is missing from the classpath (the replmesh-conf jar)");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fills in what can only be known on the machine: the node name and the workspace root. */
  public static JsonObject complete(JsonObject config) {
    if (config.getString("node") == null) {
      config.put("node", hostName());
    }
    if (config.getString("workspaceRoot") == null) {
      config.put("workspaceRoot",
          Path.of(System.getProperty("java.io.tmpdir"), "replmesh", config.getString("node")).toString());
    }
    return config;
  }

  private static void putIfSet(Map<String, String> env, String name, java.util.function.Consumer<String> put) {
    String value = env.get(name);
    if (value != null && !value.isBlank()) {
      put.accept(value.trim());
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_-]", "-");
    } catch (UnknownHostException e) {
      return "node";
    }
  }
}
