package io.replmesh.container.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The per-session writable directories under one root. Blocking: call from workers only. */
public final class Workspaces {
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private final Path root;

  public Workspaces(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path create(String sessionId) throws IOException {
    Path dir = of(sessionId);
    Files.createDirectories(dir);
    return dir;
  }

  public Path of(String sessionId) {
    if (sessionId == null || !SAFE_ID.matcher(sessionId).matches()) {
      throw new IllegalArgumentException("not a session id: " + sessionId);
    }
    return root.resolve(sessionId);
  }

  public void remove(String sessionId) throws IOException {
    Path dir = of(sessionId);
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
