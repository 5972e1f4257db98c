package io.replmesh.container.impl;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * The bwrap sandbox's part of the node configuration, {@code sandbox {...}}:
 *
 * <pre>
 * "sandbox": {
 *   "type": "bwrap",
 *   "uidRange": {"first": 200000, "count": 10000},  one host uid per live session (node is root)
 *   "uid": 65534,                                    or one shared uid instead (no RLIMIT_NPROC then)
 *   "stageDir": "/run/replmesh/stage",               root-owned placeholders for staged binds
 *   "cgroups": true,                                 false: run without cgroup limits
 *   "diskCheckMs": 1000,                             sweep of all workspaces, behind inotify
 *   "nofile": 256                                    RLIMIT_NOFILE
 * }
 * </pre>
 */
record BwrapSettings(Integer uid, int uidFirst, int uidCount, Path stageDir, boolean cgroups, long diskCheckMs, int nofile) {

  BwrapSettings {
    if (uid != null && uid <= 0) {
      throw new IllegalArgumentException("sandbox.uid must be an unprivileged uid, not " + uid);
    }
  }

  static BwrapSettings fromJson(JsonObject sandbox) {
    JsonObject range = sandbox.getJsonObject("uidRange", new JsonObject());
    return new BwrapSettings(
        sandbox.getInteger("uid"),
        range.getInteger("first", 200_000),
        range.getInteger("count", 10_000),
        Path.of(sandbox.getString("stageDir", "/run/replmesh/stage")),
        sandbox.getBoolean("cgroups", true),
        sandbox.getLong("diskCheckMs", 1000L),
        sandbox.getInteger("nofile", 256));
  }
}
