package io.replmesh.container;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the suites that run against every backend: a fresh node per test on the backend a
 * concrete subclass names, skipped (failed on CI) where that backend does not work.
 */
abstract class SandboxSuite {
  @TempDir
  Path workspaces;
  SandboxHarness node;
  ContainerVerticle container;

  /** The backend under test; its {@link SandboxBackend#require} is the skip rule. */
  abstract SandboxBackend backend();

  @BeforeEach
  final void deployNode() {
    node = new SandboxHarness(backend(), workspaces);
    container = node.deploy();
  }

  @AfterEach
  final void closeNode() {
    if (node != null) {
      node.close();
    }
  }
}
