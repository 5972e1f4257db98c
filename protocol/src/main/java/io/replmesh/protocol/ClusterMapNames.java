package io.replmesh.protocol;

/**
 * The cluster-wide maps (Hazelcast maps with a backup when clustered, through Vert.x shared
 * data), named once. Their values are documented where they are written.
 */
public final class ClusterMapNames {
  private ClusterMapNames() {}

  /** Session id → registry entry: owner, member id, epoch, runtime, token hashes, key. */
  public static final String SESSIONS = "replmesh.sessions";
  /** Session id → recovery snapshot: journal, scrollback tail, files, size. */
  public static final String RECOVERY = "replmesh.recovery";
  /** Node name → directory entry: member id, sessions owned, draining. */
  public static final String NODES = "replmesh.nodes";
  /** Session key (e.g. kata/animal) → session id. */
  public static final String KEYS = "replmesh.keys";
  /** further-link upload name → {files: {path: text}}. */
  public static final String UPLOADS = "replmesh.uploads";
}
