package io.replmesh.container.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.util.Comparator;
import java.util.Map;
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

  /**
   * Writes text files into a session's workspace. Paths are relative, without {@code ..},
   * and never through a symbolic link (the REPL could have planted one pointing out of
   * its workspace). Files get the workspace's owner, so the sandboxed REPL can edit them.
   */
  public void writeFiles(String sessionId, Map<String, String> files) throws IOException {
    Path dir = create(sessionId);
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path target = checkedPath(dir, file.getKey());
      Files.createDirectories(target.getParent());
      ensureNoLinks(dir, target);
      Files.writeString(target, file.getValue(), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
      UserPrincipal owner = Files.getOwner(dir);
      for (Path p = target; !p.equals(dir); p = p.getParent()) {
        Files.setOwner(p, owner);
      }
    }
  }

  /** A workspace-relative path, or IllegalArgumentException naming what is wrong with it. */
  public static Path checkedPath(Path dir, String relative) {
    if (relative == null || relative.isBlank() || relative.length() > 255 || relative.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a file path must be 1..255 characters");
    }
    Path path = Path.of(relative);
    if (path.isAbsolute() || relative.startsWith("/") || relative.startsWith("~")) {
      throw new IllegalArgumentException("file path '" + relative + "' must be relative to the workspace");
    }
    for (Path part : path) {
      if (part.toString().equals("..")) {
        throw new IllegalArgumentException("file path '" + relative + "' must not contain '..'");
      }
    }
    Path target = dir.resolve(path).normalize();
    if (!target.startsWith(dir) || target.equals(dir)) {
      throw new IllegalArgumentException("file path '" + relative + "' leaves the workspace");
    }
    return target;
  }

  private static void ensureNoLinks(Path dir, Path target) {
    for (Path p = target; !p.equals(dir); p = p.getParent()) {
      if (Files.isSymbolicLink(p)) {
        throw new IllegalArgumentException("file path '" + dir.relativize(target) + "' goes through a link");
      }
    }
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
