package io.replmesh.node;

import com.hazelcast.config.ClasspathXmlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The Hazelcast cluster manager of a clustered node, from {@code conf/}'s
 * {@code replmesh/cluster.xml} (or {@code REPLMESH_CLUSTER_CONFIG}) and the environment:
 *
 * <pre>
 * REPLMESH_CLUSTER=true          run clustered (otherwise standalone)
 * REPLMESH_CLUSTER_NAME          cluster name (default replmesh): nodes join only their own cluster
 * REPLMESH_CLUSTER_HOST          this member's address, also used for the event bus (default 127.0.0.1)
 * REPLMESH_CLUSTER_PORT          Hazelcast port (default 5701)
 * REPLMESH_CLUSTER_MEMBERS       comma-separated host:port of members to join (TCP-IP)
 * REPLMESH_CLUSTER_CONFIG        classpath resource, e.g. replmesh/cluster-k8s.xml
 * REPLMESH_K8S_SERVICE_DNS       headless Service DNS name for cluster-k8s.xml
 * REPLMESH_EVENTBUS_PORT         event-bus port (default: any free port)
 * </pre>
 */
final class ClusterSetup {
  private ClusterSetup() {}

  static boolean enabled(Map<String, String> env) {
    return "true".equalsIgnoreCase(env.getOrDefault("REPLMESH_CLUSTER", "false").trim());
  }

  static HazelcastClusterManager clusterManager(Map<String, String> env) {
    Properties properties = new Properties();
    properties.putAll(System.getProperties());
    properties.put("replmesh.k8s.service-dns", env.getOrDefault("REPLMESH_K8S_SERVICE_DNS", ""));
    String resource = env.getOrDefault("REPLMESH_CLUSTER_CONFIG", "replmesh/cluster.xml");
    Config config = new ClasspathXmlConfig(ClusterSetup.class.getClassLoader(), resource, properties);
    config.setClusterName(env.getOrDefault("REPLMESH_CLUSTER_NAME", config.getClusterName()));
    NetworkConfig network = config.getNetworkConfig();
    String host = host(env);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of(host));
    network.setPublicAddress(host);
    if (env.containsKey("REPLMESH_CLUSTER_PORT")) {
      network.setPort(Integer.parseInt(env.get("REPLMESH_CLUSTER_PORT").trim())).setPortAutoIncrement(false);
    }
    String members = env.get("REPLMESH_CLUSTER_MEMBERS");
    if (members != null && !members.isBlank() && network.getJoin().getTcpIpConfig().isEnabled()) {
      network.getJoin().getTcpIpConfig().setMembers(Arrays.stream(members.split(",")).map(String::trim)
          .filter(m -> !m.isEmpty()).toList());
    }
    return new HazelcastClusterManager(config);
  }

  static EventBusOptions eventBus(Map<String, String> env) {
    String host = host(env);
    return new EventBusOptions().setHost(host).setClusterPublicHost(host)
        .setPort(Integer.parseInt(env.getOrDefault("REPLMESH_EVENTBUS_PORT", "0").trim()));
  }

  private static String host(Map<String, String> env) {
    return env.getOrDefault("REPLMESH_CLUSTER_HOST", "127.0.0.1").trim();
  }
}
