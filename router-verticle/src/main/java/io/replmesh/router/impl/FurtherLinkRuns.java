package io.replmesh.router.impl;

import io.replmesh.protocol.Actions;
import io.replmesh.protocol.Addresses;
import io.replmesh.protocol.ErrorCode;
import io.replmesh.protocol.RuntimeSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;

/**
 * Turns a further-link {@code start} into a session: the runner ({@code python3},
 * {@code shell}, {@code exec}, or any replmesh runtime), the code or the path of an
 * uploaded program, and the files of its uploaded directory in the workspace.
 */
final class FurtherLinkRuns {
  /** further-link's runners and the hidden runtimes (in conf) that run them. */
  private static final Map<String, String> RUNNERS = Map.of("python3", "run-python3", "shell", "run-shell",
      "exec", "run-exec");
  private static final Set<String> TAKE_FILES = Set.of("run-python3", "run-exec");

  private final Vertx vertx;
  private final String node;
  private final FurtherLinkUploads uploads;
  private final Set<String> runtimes;
  private final long createTimeoutMs;

  FurtherLinkRuns(Vertx vertx, JsonObject config, FurtherLinkUploads uploads) {
    this.vertx = vertx;
    this.node = config.getString("node");
    this.uploads = uploads;
    this.runtimes = RuntimeSpec.allFrom(config).keySet();
    this.createTimeoutMs = config.getJsonObject("session", new JsonObject()).getLong("spawnTimeoutMs", 15_000L) + 5_000;
  }

  /**
   * {@code /run}: {@code {runner, code?, path?}}; {@code /run-py}: {@code {sourceScript |
   * sourcePath, directoryName?}}. Answers the created session (id, writeToken, ...).
   */
  Future<JsonObject> create(JsonObject data, boolean multi, boolean pty) {
    String runner = multi ? data.getString("runner", "python3") : "python3";
    String code = string(data, multi ? "code" : "sourceScript");
    String path = string(data, multi ? "path" : "sourcePath");
    String directory = multi ? (code != null ? path : null) : string(data, "directoryName");
    String runtime = RUNNERS.getOrDefault(runner, runner);
    if (!runtimes.contains(runtime)) {
      return Future.failedFuture(ErrorCode.UNKNOWN_RUNTIME.exception("unknown runner '" + runner + "'"));
    }
    for (String p : new String[] {path, directory}) {
      if (p != null && RelativePaths.problem(p) != null) {
        return Future.failedFuture(ErrorCode.BAD_PATH.exception(RelativePaths.problem(p)));
      }
    }
    String file = null;
    String uploaded = directory;
    JsonObject extra = new JsonObject();
    if (TAKE_FILES.contains(runtime)) {
      if (code != null) {
        file = (directory == null ? "" : directory + "/") + "main.py";
        extra.put(file, code);
      } else if (path != null) {
        file = path;
        uploaded = path.contains("/") ? path.substring(0, path.indexOf('/')) : null;
      } else {
        return Future.failedFuture(ErrorCode.BAD_REQUEST.exception("start needs code or a path"));
      }
    }
    String program = file;
    Future<JsonObject> files = uploaded == null ? Future.succeededFuture(new JsonObject()) : uploads.filesOf(uploaded);
    return files.compose(dir -> {
      JsonObject launch = new JsonObject().put("pty", pty);
      if (program != null) {
        launch.put("file", program);
      }
      JsonObject create = new JsonObject().put("runtime", runtime).put("files", dir.mergeIn(extra)).put("launch", launch);
      return vertx.eventBus().<JsonObject>request(Addresses.sessionHost(node), create,
          Actions.options(Actions.CREATE).setSendTimeout(createTimeoutMs)).map(Message::body);
    });
  }

  private static String string(JsonObject data, String key) {
    return data.getValue(key) instanceof String s && !s.isEmpty() ? s : null;
  }
}
