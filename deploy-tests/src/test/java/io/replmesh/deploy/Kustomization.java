package io.replmesh.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** k8s/kustomization.yaml, read strictly: a field this record does not know fails the read. */
record Kustomization(String apiVersion, String kind, String namespace, List<String> resources,
                     List<Generator> configMapGenerator) {

  record Generator(String name, List<String> files, Options options) {}

  record Options(Map<String, String> labels) {}

  static Kustomization read() {
    try {
      return Manifests.STRICT.readValue(Manifests.K8S.resolve(Manifests.KUSTOMIZATION).toFile(), Kustomization.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
