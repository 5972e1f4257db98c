package io.replmesh.deploy;

import static io.replmesh.deploy.Manifests.ROOT;
import static io.replmesh.deploy.Manifests.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ContainerPort;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Dockerfile against the jar Maven builds, the runtimes the node offers and the pod it runs in. */
class DockerfileTest {
  private static final String JAR = "node/target/replmesh-node.jar";
  /** The Debian package of each runtime's executable in conf's default.json. */
  private static final Map<String, String> PACKAGES = Map.of("python3", "python3", "node", "nodejs", "irb", "ruby",
      "bash", "bash", "jshell", "openjdk-17-jdk-headless");

  private final String dockerfile = Manifests.read(ROOT.resolve("Dockerfile"));

  @Test
  void copiesTheJarTheNodeModuleBuildsAndRunsIt() {
    assertThat(Manifests.read(ROOT.resolve("node/pom.xml"))).contains("<finalName>replmesh-node</finalName>");
    Matcher copy = Pattern.compile("(?m)^COPY " + Pattern.quote(JAR) + " (\\S+)$").matcher(dockerfile);
    assertThat(copy.find()).as("COPY %s in the Dockerfile", JAR).isTrue();
    assertThat(dockerfile).contains("-jar " + copy.group(1));
  }

  @Test
  void dockerignoreLetsTheJarThrough() {
    assertThat(Manifests.read(ROOT.resolve(".dockerignore")).lines()).contains("!" + JAR);
  }

  @Test
  void deploymentRunsTheImageOfItsVersionLabel() {
    String version = Manifests.deployment().getSpec().getTemplate().getMetadata().getLabels()
        .get("app.kubernetes.io/version");
    assertThat(node().getImage()).isEqualTo("replmesh/node:" + version);
  }

  @Test
  void exposesEveryContainerPort() {
    Matcher expose = Pattern.compile("(?m)^EXPOSE (.+)$").matcher(dockerfile);
    assertThat(expose.find()).isTrue();
    List<String> exposed = Arrays.asList(expose.group(1).trim().split("\\s+"));
    assertThat(node().getPorts()).extracting(ContainerPort::getContainerPort).map(String::valueOf)
        .allSatisfy(port -> assertThat(exposed).contains(port));
  }

  @Test
  void installsBubblewrapAndEveryDefaultRuntime() throws IOException {
    Matcher install = Pattern.compile("apt-get install ([^;]*);").matcher(dockerfile);
    assertThat(install.find()).as("an apt-get install in the Dockerfile").isTrue();
    List<String> packages = Arrays.stream(install.group(1).split("[\\s\\\\]+")).filter(w -> !w.startsWith("-")).toList();
    assertThat(packages).contains("bubblewrap", "util-linux", "mount");
    JsonNode runtimes = Manifests.STRICT.readTree(ROOT.resolve("conf/src/main/resources/replmesh/default.json")
        .toFile()).path("runtimes");
    assertThat(runtimes.properties()).isNotEmpty().allSatisfy(runtime -> {
      String executable = runtime.getValue().path("command").path(0).asText();
      assertThat(PACKAGES).as("the package of runtime %s", runtime.getKey()).containsKey(executable);
      assertThat(packages).contains(PACKAGES.get(executable));
    });
  }

  @Test
  void workingDirectoryIsAWritableVolumeUnderTheReadOnlyRoot() {
    Matcher workdir = Pattern.compile("(?m)^WORKDIR (\\S+)$").matcher(dockerfile);
    assertThat(workdir.find()).isTrue();
    assertThat(node().getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(node().getVolumeMounts()).anySatisfy(m -> {
      assertThat(m.getMountPath()).isEqualTo(workdir.group(1));
      assertThat(m.getReadOnly()).isNotEqualTo(Boolean.TRUE);
    });
  }
}
