package io.replmesh.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The repository's k8s/ folder, every YAML document parsed strictly into fabric8's typed model. */
final class Manifests {
  static final Path ROOT = Path.of(System.getProperty("replmesh.root", "..")).toAbsolutePath().normalize();
  static final Path K8S = ROOT.resolve("k8s");
  static final String KUSTOMIZATION = "kustomization.yaml";

  /** The kinds this base may hold, by apiVersion/kind; anything else fails the parse. */
  private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
      "v1/Namespace", Namespace.class,
      "v1/Service", Service.class,
      "apps/v1/Deployment", Deployment.class,
      "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
      "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
      "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class);

  /**
   * fabric8's classes keep unknown fields in an "additionalProperties" map (a Jackson any-setter),
   * which would let a misspelt field through; without any-setters, every unknown field fails.
   */
  static final ObjectMapper STRICT = YAMLMapper.builder()
      .annotationIntrospector(new JacksonAnnotationIntrospector() {
        @Override
        public Boolean hasAnySetter(Annotated a) {
          return Boolean.FALSE;
        }
      })
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  /** One file's documents. */
  record Document(Path file, HasMetadata object) {}

  private Manifests() {}

  /** Every manifest file in k8s/ (the kustomization is not a manifest). */
  static List<Path> files() {
    try (Stream<Path> files = Files.list(K8S)) {
      return files.filter(f -> f.toString().endsWith(".yaml") && !f.getFileName().toString().equals(KUSTOMIZATION))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Document> parsed;

  static synchronized List<Document> documents() {
    if (parsed == null) {
      parsed = parseAll();
    }
    return parsed;
  }

  private static List<Document> parseAll() {
    List<Document> documents = new ArrayList<>();
    for (Path file : files()) {
      try (var docs = STRICT.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
        while (docs.hasNext()) {
          JsonNode node = docs.next();
          if (node != null && !node.isEmpty()) {
            documents.add(new Document(file, parse(node)));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot parse " + file, e);
      }
    }
    return List.copyOf(documents);
  }

  static HasMetadata parse(JsonNode node) throws IOException {
    String type = node.path("apiVersion").asText() + "/" + node.path("kind").asText();
    Class<? extends HasMetadata> kind = KINDS.get(type);
    if (kind == null) {
      throw new IllegalArgumentException("not a kind this base may hold: " + type);
    }
    return STRICT.treeToValue(node, kind);
  }

  static <T extends HasMetadata> List<T> all(Class<T> kind) {
    return documents().stream().map(Document::object).filter(kind::isInstance).map(kind::cast).toList();
  }

  static <T extends HasMetadata> T one(Class<T> kind) {
    List<T> found = all(kind);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind.getSimpleName() + ", found " + found.size());
    }
    return found.get(0);
  }

  static Service service(String name) {
    return all(Service.class).stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no Service " + name));
  }

  static Deployment deployment() {
    return one(Deployment.class);
  }

  static Map<String, String> podLabels() {
    return deployment().getSpec().getTemplate().getMetadata().getLabels();
  }

  static Container node() {
    List<Container> containers = deployment().getSpec().getTemplate().getSpec().getContainers();
    if (containers.size() != 1) {
      throw new AssertionError("expected the node container alone, found " + containers.size());
    }
    return containers.get(0);
  }

  static int containerPort(String name) {
    return node().getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
        .orElseThrow(() -> new AssertionError("no container port named " + name)).getContainerPort();
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
