package io.replmesh.session.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** Who is in a session, in order of arrival, under which alias and role. */
public final class Participants {
  private static final int MAX_ALIAS = 40;

  public record Participant(String userId, String alias, String role) {
    public JsonObject toJson() {
      return new JsonObject().put("userId", userId).put("alias", alias).put("role", role);
    }
  }

  private final Map<String, Participant> byId = new LinkedHashMap<>();

  public Participant add(String userId, String requestedAlias, String role) {
    Participant p = new Participant(userId, cleanAlias(requestedAlias, userId), role);
    byId.put(userId, p);
    return p;
  }

  public Participant remove(String userId) {
    return byId.remove(userId);
  }

  public Participant get(String userId) {
    return byId.get(userId);
  }

  public Participant rename(String userId, String requestedAlias) {
    Participant old = byId.get(userId);
    Participant renamed = new Participant(userId, cleanAlias(requestedAlias, userId), old.role());
    byId.put(userId, renamed);
    return renamed;
  }

  public int size() {
    return byId.size();
  }

  public JsonArray toJson() {
    JsonArray out = new JsonArray();
    byId.values().forEach(p -> out.add(p.toJson()));
    return out;
  }

  /**
   * Aliases are shown to everybody: keep them short, printable and single-line; an empty
   * one becomes {@code guest-XXXX} from the user id.
   */
  static String cleanAlias(String requested, String userId) {
    String alias = requested == null ? "" : requested.replaceAll("\\p{C}", "").strip();
    if (alias.length() > MAX_ALIAS) {
      alias = alias.substring(0, MAX_ALIAS);
    }
    return alias.isEmpty() ? "guest-" + userId.substring(0, 4) : alias;
  }
}
