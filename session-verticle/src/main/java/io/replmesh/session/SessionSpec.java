package io.replmesh.session;

import io.vertx.core.json.JsonObject;

/**
 * What a session is, independent of where it runs: small and serialisable, so that another
 * node can take the session over. Tokens are held only as hashes.
 */
public record SessionSpec(String id, String runtime, String writeTokenHash, String readTokenHash, long createdAt) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("runtime", runtime).put("writeTokenHash", writeTokenHash)
        .put("readTokenHash", readTokenHash).put("createdAt", createdAt);
  }

  public static SessionSpec fromJson(JsonObject json) {
    return new SessionSpec(json.getString("id"), json.getString("runtime"), json.getString("writeTokenHash"),
        json.getString("readTokenHash"), json.getLong("createdAt"));
  }
}
