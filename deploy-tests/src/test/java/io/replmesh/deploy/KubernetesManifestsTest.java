package io.replmesh.deploy;

import static io.replmesh.deploy.Manifests.deployment;
import static io.replmesh.deploy.Manifests.one;
import static io.replmesh.deploy.Manifests.podLabels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubernetesManifestsTest {
  private static final Map<String, String> APP = Map.of(
      "app.kubernetes.io/name", "replmesh", "app.kubernetes.io/instance", "replmesh");

  @Test
  void everyFileHoldsTypedObjectsOfTheKindsABaseNeeds() {
    assertThat(Manifests.files()).allSatisfy(file ->
        assertThat(Manifests.documents()).anyMatch(d -> d.file().equals(file)));
    assertThat(Manifests.documents()).extracting(d -> d.object().getKind()).contains("Namespace", "Service",
        "Deployment", "PodDisruptionBudget", "HorizontalPodAutoscaler");
  }

  @Test
  void strictParsingRejectsAMisspeltField() {
    String yaml = "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {sessionAfinity: None}\n";
    assertThatThrownBy(() -> Manifests.parse(Manifests.STRICT.readTree(yaml)))
        .isInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("sessionAfinity");
  }

  @Test
  void runsThreeReplicasThatTheAutoscalerNeverGoesBelow() {
    assertThat(deployment().getSpec().getReplicas()).isEqualTo(3);
    HorizontalPodAutoscaler hpa = one(HorizontalPodAutoscaler.class);
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment().getMetadata().getName());
  }

  @Test
  void rollingUpdateStartsANewPodBeforeStoppingAnOldOne() {
    assertThat(deployment().getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    RollingUpdateDeployment rolling = deployment().getSpec().getStrategy().getRollingUpdate();
    assertThat(rolling.getMaxUnavailable()).isEqualTo(new IntOrString(0));
    assertThat(rolling.getMaxSurge()).isEqualTo(new IntOrString(1));
  }

  @Test
  void disruptionBudgetSelectsThePodsAndLetsOneGo() {
    PodDisruptionBudget pdb = one(PodDisruptionBudget.class);
    assertSelectsPods(pdb.getSpec().getSelector());
    assertThat(pdb.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
  }

  @Test
  void headlessServiceListsEveryPodOnTheHazelcastPort() {
    Service hz = Manifests.all(Service.class).stream().filter(s -> "None".equals(s.getSpec().getClusterIP()))
        .findFirst().orElseThrow();
    assertThat(hz.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(podLabels()).containsAllEntriesOf(hz.getSpec().getSelector());
    ServicePort port = hz.getSpec().getPorts().stream().filter(p -> p.getPort() == 5701).findFirst().orElseThrow();
    assertThat(Manifests.containerPort(port.getTargetPort().getStrVal())).isEqualTo(5701);
  }

  @Test
  void httpServiceSendsPort80ToTheHttpContainerPort() {
    Service http = Manifests.service("replmesh");
    assertThat(podLabels()).containsAllEntriesOf(http.getSpec().getSelector());
    assertThat(http.getSpec().getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getPort()).isEqualTo(80);
      assertThat(Manifests.containerPort(p.getTargetPort().getStrVal())).isEqualTo(8080);
    });
  }

  @Test
  void theDeploymentNetworkPolicyAndSpreadSelectThePods() {
    assertSelectsPods(deployment().getSpec().getSelector());
    assertSelectsPods(one(NetworkPolicy.class).getSpec().getPodSelector());
    deployment().getSpec().getTemplate().getSpec().getTopologySpreadConstraints()
        .forEach(c -> assertSelectsPods(c.getLabelSelector()));
  }

  @Test
  void clusterPortsAreOpenOnlyBetweenThePods() {
    NetworkPolicy policy = one(NetworkPolicy.class);
    List<Integer> open = new ArrayList<>();
    List<Integer> betweenPods = new ArrayList<>();
    for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
      List<Integer> ports = rule.getPorts().stream().map(NetworkPolicyPort::getPort).map(IntOrString::getIntVal).toList();
      if (rule.getFrom().isEmpty()) {
        open.addAll(ports);
      } else {
        rule.getFrom().forEach(peer -> assertSelectsPods(peer.getPodSelector()));
        betweenPods.addAll(ports);
      }
    }
    assertThat(open).containsExactly(Manifests.containerPort("http"));
    assertThat(betweenPods).containsExactlyInAnyOrder(Manifests.containerPort("hazelcast"),
        Manifests.containerPort("eventbus"));
  }

  @Test
  void everyObjectCarriesTheAppLabels() {
    assertThat(Manifests.documents()).extracting(d -> d.object())
        .allSatisfy((HasMetadata o) -> assertThat(o.getMetadata().getLabels()).containsAllEntriesOf(APP));
    assertThat(podLabels()).containsAllEntriesOf(APP);
    assertThat(Kustomization.read().configMapGenerator()).allSatisfy(g ->
        assertThat(g.options().labels()).containsAllEntriesOf(APP));
  }

  @Test
  void kustomizationListsEveryManifestAndEveryGeneratedFileExists() {
    Kustomization kustomization = Kustomization.read();
    assertThat(kustomization.resources()).containsExactlyInAnyOrderElementsOf(
        Manifests.files().stream().map(Path::getFileName).map(Path::toString).toList());
    assertThat(kustomization.configMapGenerator()).flatMap(Kustomization.Generator::files)
        .allSatisfy(file -> assertThat(Manifests.K8S.resolve(file)).isRegularFile());
  }

  private static void assertSelectsPods(LabelSelector selector) {
    assertThat(selector.getMatchExpressions()).isNullOrEmpty();
    assertThat(selector.getMatchLabels()).isNotEmpty();
    assertThat(podLabels()).containsAllEntriesOf(selector.getMatchLabels());
  }
}
