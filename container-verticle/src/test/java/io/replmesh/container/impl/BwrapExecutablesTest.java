package io.replmesh.container.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding a runtime's real executable and the least the sandbox must show of it. */
class BwrapExecutablesTest {
  private static final String HOST_PATH = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");

  @TempDir
  Path dir;

  @Test
  void aPyenvShimResolvesToItsInterpreterAndBindsOnlyThatVersion() throws IOException {
    Path shim = onPath("python3");
    assumeTrue(shim != null && shim.getParent().endsWith(Path.of(".pyenv/shims")), "python3 here is no pyenv shim");
    Path pyenvRoot = shim.getParent().getParent();

    BwrapExecutables.Resolved python = executables(List.of(Path.of("/root"))).resolve("python3");

    assertThat(python.executable()).startsWith(pyenvRoot.resolve("versions"));
    assertThat(python.binds()).hasSize(1);
    assertThat(python.binds().get(0).getParent()).isEqualTo(pyenvRoot.resolve("versions"));
    assertThat(python.executable()).startsWith(python.binds().get(0));
  }

  @Test
  void aSystemExecutableNeedsNoBind() throws IOException {
    BwrapExecutables.Resolved bash = executables(List.of()).resolve("bash");
    assertThat(bash.binds()).isEmpty();
    assertThat(bash.executable()).startsWith(Path.of("/usr"));
  }

  @Test
  void anInterpreterNamedByAShebangIsBoundToo() throws IOException {
    Path interpreter = executable(dir.resolve("opt/lang/bin/lang"), "#!/bin/sh\n");
    Path script = executable(dir.resolve("opt/tool/bin/tool"), "#!/usr/bin/env " + interpreter + "\n");

    BwrapExecutables.Resolved tool = executables(List.of()).resolve(script.toString());

    assertThat(tool.binds()).containsExactly(dir.resolve("opt/tool"), dir.resolve("opt/lang"));
    assertThat(tool.executable()).isEqualTo(script);
  }

  @Test
  void refusesToExposeTheNodesOwnDirectory() throws IOException {
    Path nodeDir = dir.resolve("node");
    Path tool = executable(nodeDir.resolve("tool"), "#!/bin/sh\n");
    assertThatThrownBy(() -> executables(List.of(nodeDir)).resolve(tool.toString()))
        .isInstanceOf(IOException.class).hasMessageContaining("must not expose");
  }

  @Test
  void exposesOnlyTheBinDirectoryOfAHome() throws IOException {
    Path home = dir.resolve("home/alice");
    Path tool = executable(home.resolve("bin/tool"), "#!/bin/sh\n");
    assertThat(executables(List.of(home)).resolve(tool.toString()).binds()).containsExactly(home.resolve("bin"));
  }

  @Test
  void neverBindsAnythingInTheWorkspaces() throws IOException {
    Path planted = executable(dir.resolve("workspaces/s1/bin/tool"), "#!/bin/sh\n");
    assertThatThrownBy(() -> executables(List.of()).resolve(planted.toString()))
        .isInstanceOf(IOException.class).hasMessageContaining("must not expose");
  }

  @Test
  void aCommandNotOnThePathIsAClearError() {
    assertThatThrownBy(() -> executables(List.of()).resolve("no-such-repl-anywhere"))
        .isInstanceOf(IOException.class).hasMessageContaining("not on the node's PATH");
  }

  private BwrapExecutables executables(List<Path> privateDirs) {
    return new BwrapExecutables(HOST_PATH, privateDirs, dir.resolve("workspaces"));
  }

  private static Path executable(Path path, String content) throws IOException {
    Files.createDirectories(path.getParent());
    Files.writeString(path, content);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    return path;
  }

  private static Path onPath(String name) {
    for (String d : HOST_PATH.split(":")) {
      Path candidate = Path.of(d, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
