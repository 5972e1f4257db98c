package io.replmesh.session;

import io.vertx.core.Handler;
import java.util.Set;

/**
 * Who is in the cluster, as the session host needs to know it: the ids of the live
 * members (Vert.x node ids), and a signal whenever that changes. A standalone node is a
 * cluster of one ({@link #standalone}); a clustered node backs this with Hazelcast.
 */
public interface Membership {

  /** This member's id. */
  String selfId();

  /** The ids of the members alive now, this one included. */
  Set<String> liveIds();

  /**
   * Whether this member sees a majority of the cluster. A member cut off on the minority
   * side of a partition must not take sessions over: the majority side does, and two
   * owners would result when the partition heals.
   */
  boolean hasQuorum();

  /** Called (on any thread) when members join or leave, or a split cluster merges again. */
  void onChange(Handler<Void> handler);

  /** A member that left on purpose (drained) no longer counts towards the quorum. */
  default void leftGracefully(String memberId) {}

  static Membership standalone(String selfId) {
    return new Membership() {
      @Override
      public String selfId() {
        return selfId;
      }

      @Override
      public Set<String> liveIds() {
        return Set.of(selfId);
      }

      @Override
      public boolean hasQuorum() {
        return true;
      }

      @Override
      public void onChange(Handler<Void> handler) {}
    };
  }
}
