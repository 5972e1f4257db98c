package io.replmesh.protocol;

/**
 * Every event-bus address replmesh uses. Addresses are per node or per entity, so a
 * message reaches exactly the actor it is meant for wherever in the cluster it lives.
 *
 * <pre>
 * replmesh.host.NODE               request: create a session on NODE          (SessionHost)
 * replmesh.container.NODE          request: spawn a process on NODE           (ContainerVerticle)
 * replmesh.process.PID             send: input, resize, signal, kill, credit  (one process)
 * replmesh.process.PID.events      send: output and exit of one process       (its session)
 * replmesh.session.ID              request: join, input, info, replay, close… (SessionVerticle)
 * replmesh.session.ID.events       publish: output, joined, left, alias, state (routers)
 * replmesh.cluster.leaving         publish: {memberId} of a node leaving on purpose (drained)
 * </pre>
 */
public final class Addresses {
  private static final String PREFIX = "replmesh.";

  /** A drained node announces its leave here, so the others do not count it towards the quorum. */
  public static final String CLUSTER_LEAVING = PREFIX + "cluster.leaving";

  private Addresses() {}

  public static String sessionHost(String node) {
    return PREFIX + "host." + node;
  }

  public static String container(String node) {
    return PREFIX + "container." + node;
  }

  public static String process(String processId) {
    return PREFIX + "process." + processId;
  }

  public static String processEvents(String processId) {
    return PREFIX + "process." + processId + ".events";
  }

  public static String session(String sessionId) {
    return PREFIX + "session." + sessionId;
  }

  public static String sessionEvents(String sessionId) {
    return PREFIX + "session." + sessionId + ".events";
  }
}
