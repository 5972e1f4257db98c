package io.replmesh.node;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.replmesh.session.Membership;
import io.vertx.core.Handler;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link Membership} from Hazelcast. Vert.x keeps the cluster manager's single node
 * listener for itself, so this listens through Hazelcast's own membership and lifecycle
 * listeners (a merge after a partition heals counts as a change).
 *
 * <p>Quorum: a majority of the largest cluster seen, not counting members that announced
 * a graceful leave (drain), or the configured {@code cluster.quorum} when set.
 */
final class HazelcastMembership implements Membership {
  private final HazelcastClusterManager manager;
  private final Integer fixedQuorum;
  private final List<Handler<Void>> handlers = new CopyOnWriteArrayList<>();
  private final Set<String> announcedLeaving = ConcurrentHashMap.newKeySet();
  private volatile int expected;

  HazelcastMembership(HazelcastClusterManager manager, Integer fixedQuorum) {
    this.manager = manager;
    this.fixedQuorum = fixedQuorum;
    this.expected = manager.getNodes().size();
    HazelcastInstance hazelcast = manager.getHazelcastInstance();
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        expected = Math.max(expected, event.getMembers().size());
        fire();
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        if (announcedLeaving.remove(event.getMember().getUuid().toString())) {
          expected = Math.max(1, expected - 1);
        }
        fire();
      }
    });
    hazelcast.getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
        fire();
      }
    });
  }

  @Override
  public String selfId() {
    return manager.getNodeId();
  }

  @Override
  public Set<String> liveIds() {
    return Set.copyOf(manager.getNodes());
  }

  @Override
  public boolean hasQuorum() {
    int live = manager.getNodes().size();
    return fixedQuorum != null ? live >= fixedQuorum : 2 * live > expected;
  }

  @Override
  public void onChange(Handler<Void> handler) {
    handlers.add(handler);
  }

  @Override
  public void leftGracefully(String memberId) {
    announcedLeaving.add(memberId);
  }

  private void fire() {
    handlers.forEach(h -> h.handle(null));
  }
}
