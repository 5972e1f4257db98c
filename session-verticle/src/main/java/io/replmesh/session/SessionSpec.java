package io.replmesh.session;

import io.vertx.core.json.JsonObject;

/**
 * What a session is, independent of where it runs: small and serialisable, so that another
 * node can take the session over. Tokens are held only as hashes. {@code key} is an optional
 * caller-chosen name (e.g. {@code kata/animal}) under which the session is found again. An
 * {@code open} session (repl-server's) lets anybody who knows its unguessable id join as a
 * writer without a token. {@code launch} says how to start the process: {@code {pty, file}}
 * for a further-link program; empty for a REPL.
 */
public record SessionSpec(String id, String runtime, String writeTokenHash, String readTokenHash, long createdAt,
                          String key, boolean open, JsonObject launch) {

  /** The fields of a registry entry that describe the session (the entry adds owner and epoch). */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id).put("runtime", runtime).put("writeTokenHash", writeTokenHash)
        .put("readTokenHash", readTokenHash).put("createdAt", createdAt).put("open", open).put("launch", launch);
    return key == null ? json : json.put("key", key);
  }

  public static SessionSpec fromJson(JsonObject json) {
    return new SessionSpec(json.getString("id"), json.getString("runtime"), json.getString("writeTokenHash"),
        json.getString("readTokenHash"), json.getLong("createdAt"), json.getString("key"),
        json.getBoolean("open", false), json.getJsonObject("launch", new JsonObject()));
  }
}
