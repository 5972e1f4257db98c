package io.replmesh.deploy;

import static io.replmesh.deploy.Manifests.ROOT;
import static io.replmesh.deploy.Manifests.containerPort;
import static io.replmesh.deploy.Manifests.deployment;
import static io.replmesh.deploy.Manifests.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The deployment against what the node reads: its environment, its config, its health endpoints. */
class NodeContractTest {
  private static final Pattern LITERAL = Pattern.compile("\"(REPLMESH_[A-Z0-9_]+)\"");
  private static final List<Path> NODE_SOURCES = List.of(ROOT.resolve("node/src/main/java"),
      ROOT.resolve("node/src/main/resources"), ROOT.resolve("conf/src/main/resources"));

  @Test
  void probesUseTheHealthPathsOnTheHttpPort() {
    assertThat(containerPort("http")).isEqualTo(8080);
    assertThat(httpGet(node().getReadinessProbe())).isEqualTo("/health/ready on http");
    assertThat(httpGet(node().getLivenessProbe())).isEqualTo("/health/live on http");
    assertThat(httpGet(node().getStartupProbe())).isEqualTo("/health/live on http");
  }

  @Test
  void everyReplmeshVariableSetIsOneTheNodeReads() {
    Set<String> read = literalsIn(NODE_SOURCES);
    List<String> set = node().getEnv().stream().map(EnvVar::getName).filter(n -> n.startsWith("REPLMESH_")).toList();
    assertThat(read).as("REPLMESH_ literals in the node's sources").contains("REPLMESH_NODE_NAME");
    assertThat(set).isNotEmpty().allSatisfy(name -> assertThat(read).contains(name));
  }

  @Test
  void serviceLinksAreOffSoNoServiceInjectsReplmeshVariables() {
    assertThat(deployment().getSpec().getTemplate().getSpec().getEnableServiceLinks()).isFalse();
  }

  @Test
  void portVariablesMatchTheContainerPorts() {
    assertThat(env("REPLMESH_HTTP_PORT").getValue()).isEqualTo(String.valueOf(containerPort("http")));
    assertThat(env("REPLMESH_EVENTBUS_PORT").getValue()).isEqualTo(String.valueOf(containerPort("eventbus")));
  }

  @Test
  void nodeNameAndClusterAddressComeFromThePod() {
    assertThat(env("REPLMESH_NODE_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
    assertThat(env("REPLMESH_CLUSTER_HOST").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
  }

  @Test
  void clusterJoinsThroughTheHeadlessServiceWithTheK8sConfig() {
    assertThat(env("REPLMESH_CLUSTER").getValue()).isEqualTo("true");
    Path config = ROOT.resolve("conf/src/main/resources").resolve(env("REPLMESH_CLUSTER_CONFIG").getValue());
    assertThat(Manifests.read(config)).contains("<kubernetes enabled=\"true\">", "${replmesh.k8s.service-dns}");
    String headless = Manifests.all(Service.class).stream().filter(s -> "None".equals(s.getSpec().getClusterIP()))
        .findFirst().orElseThrow().getMetadata().getName();
    assertThat(env("REPLMESH_K8S_SERVICE_DNS").getValue()).startsWith(headless + ".");
  }

  @Test
  void confNamesTheGeneratedFileWhereItsConfigMapIsMounted() {
    Kustomization.Generator generator = Kustomization.read().configMapGenerator().get(0);
    PodSpec pod = deployment().getSpec().getTemplate().getSpec();
    Volume volume = pod.getVolumes().stream()
        .filter(v -> v.getConfigMap() != null && generator.name().equals(v.getConfigMap().getName()))
        .findFirst().orElseThrow();
    assertThat(env("REPLMESH_CONF").getValue())
        .isEqualTo(mountOf(volume.getName()).getMountPath() + "/" + generator.files().get(0));
  }

  @Test
  void workspacesLiveOnAPodVolume() {
    PodSpec pod = deployment().getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes()).anySatisfy(v -> {
      assertThat(v.getEmptyDir()).isNotNull();
      assertThat(env("REPLMESH_WORKSPACE_ROOT").getValue()).startsWith(mountOf(v.getName()).getMountPath() + "/");
    });
  }

  private static String httpGet(Probe probe) {
    HTTPGetAction get = probe.getHttpGet();
    IntOrString port = get.getPort();
    return get.getPath() + " on " + (port.getStrVal() != null ? port.getStrVal() : "port " + port.getIntVal());
  }

  static EnvVar env(String name) {
    return node().getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("the node container does not set " + name));
  }

  private static VolumeMount mountOf(String volume) {
    return node().getVolumeMounts().stream().filter(m -> m.getName().equals(volume)).findFirst()
        .orElseThrow(() -> new AssertionError("volume " + volume + " is not mounted"));
  }

  private static Set<String> literalsIn(List<Path> roots) {
    Set<String> names = new TreeSet<>();
    for (Path root : roots) {
      try (Stream<Path> files = Files.walk(root)) {
        files.filter(Files::isRegularFile).forEach(file -> {
          Matcher m = LITERAL.matcher(Manifests.read(file));
          while (m.find()) {
            names.add(m.group(1));
          }
        });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return names;
  }
}
