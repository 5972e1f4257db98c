package io.replmesh.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which sandbox a configuration gets. */
class BwrapSandboxesTest {
  private static final Path WORKSPACES = Path.of("/nonexistent/workspaces");
  private static final BwrapBackend BWRAP = new BwrapBackend();

  @Test
  void processIsUnisolated() {
    Sandbox sandbox = Sandboxes.fromConfig(BWRAP.config(WORKSPACES, "process"));
    assertThat(sandbox.name()).isEqualTo("process");
    assertThat(sandbox.isolated()).isFalse();
  }

  @Test
  void bwrapIsIsolated() {
    BWRAP.require();
    Sandbox sandbox = Sandboxes.fromConfig(BWRAP.config(WORKSPACES, "bwrap"));
    assertThat(sandbox.name()).isEqualTo("bwrap");
    assertThat(sandbox.isolated()).isTrue();
  }

  @Test
  void withoutATypeItIsAutoWhichPicksBwrapWhereItWorks() {
    BWRAP.require();
    JsonObject config = BWRAP.config(WORKSPACES, "auto");
    config.getJsonObject("sandbox").remove("type");
    assertThat(Sandboxes.fromConfig(config).name()).isEqualTo("bwrap");
  }

  @Test
  void anUnknownTypeIsRejectedNamingTheKnownOnes() {
    assertThatThrownBy(() -> Sandboxes.fromConfig(BWRAP.config(WORKSPACES, "chroot")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chroot")
        .hasMessageContaining("auto, bwrap, docker, process");
  }
}
