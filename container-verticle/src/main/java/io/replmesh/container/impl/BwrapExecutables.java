package io.replmesh.container.impl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Finds where a runtime's executable really lives on the host, so the sandbox can bind just
 * that much read-only. The sandbox shows the host's /usr and /etc; anything else (a pyenv or
 * rbenv install, /opt/...) needs its install prefix bound, e.g. python3 here is a pyenv shim
 * whose interpreter is /root/.pyenv/versions/3.11.7/bin/python3. Version-manager shims are
 * resolved with the manager's own {@code which}; symlinks and {@code #!} interpreters are
 * followed. A prefix that would expose a home, the node's own directory or the workspaces
 * is refused.
 */
final class BwrapExecutables {
  /** Directories the sandbox already shows read-only. */
  static final List<Path> SYSTEM = List.of(Path.of("/usr"), Path.of("/etc"));
  private static final int MAX_DEPTH = 4;

  /**
   * @param executable what to exec inside the sandbox (an absolute path visible there)
   * @param binds      host directories to bind read-only at the same path
   */
  record Resolved(Path executable, List<Path> binds) {}

  private final String hostPath;
  private final List<Path> hidden;
  private final Path workspaceRoot;
  private final Map<String, Resolved> cache = new ConcurrentHashMap<>();

  /**
   * @param hostPath      the node's PATH, searched for bare command names
   * @param privateDirs   directories never bound whole (nor any ancestor): homes, the node's own directory
   * @param workspaceRoot where the sessions' workspaces are: nothing in it is ever bound
   */
  BwrapExecutables(String hostPath, List<Path> privateDirs, Path workspaceRoot) {
    this.hostPath = hostPath;
    this.hidden = privateDirs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    this.workspaceRoot = workspaceRoot.toAbsolutePath().normalize();
  }

  Resolved resolve(String command) throws IOException {
    Resolved known = cache.get(command);
    if (known != null) {
      return known;
    }
    Set<Path> binds = new LinkedHashSet<>();
    Path executable = follow(command, binds, 0);
    Resolved resolved = new Resolved(executable, List.copyOf(binds));
    cache.put(command, resolved);
    return resolved;
  }

  private Path follow(String command, Set<Path> binds, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IOException(command + ": too many levels of shims or interpreters");
    }
    Path found = command.contains("/") ? Path.of(command).toAbsolutePath() : onPath(command);
    Path shimmed = unshim(found);
    Path real = shimmed.toRealPath();
    if (!visible(real)) {
      binds.add(exposable(real));
    }
    String interpreter = interpreter(real);
    if (interpreter != null) {
      follow(interpreter, binds, depth + 1);
    }
    // Keep the name as found (argv[0] matters to multi-call binaries) where the sandbox shows it.
    return visible(shimmed) || binds.stream().anyMatch(shimmed::startsWith) ? shimmed : real;
  }

  private Path onPath(String name) throws IOException {
    for (String dir : hostPath.split(":")) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toAbsolutePath();
      }
    }
    throw new IOException("runtime command '" + name + "' is not on the node's PATH");
  }

  /** {@code ~/.pyenv/shims/python3} → {@code ~/.pyenv/bin/pyenv which python3}; same for rbenv, nodenv... */
  private static Path unshim(Path found) throws IOException {
    Path shims = found.getParent();
    if (shims == null || !shims.getFileName().toString().equals("shims") || shims.getParent() == null) {
      return found;
    }
    Path home = shims.getParent();
    String tool = home.getFileName().toString().replaceFirst("^\\.", "");
    for (Path manager : List.of(home.resolve("bin").resolve(tool), home.resolve("libexec").resolve(tool))) {
      if (Files.isExecutable(manager)) {
        return Path.of(run(manager.toString(), "which", found.getFileName().toString()));
      }
    }
    return found;
  }

  private static String run(String... command) throws IOException {
    Process process = new ProcessBuilder(command).directory(Path.of("/").toFile()).redirectErrorStream(true).start();
    try (InputStream out = process.getInputStream()) {
      String text = new String(out.readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + text);
      }
      return text;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    } finally {
      process.destroy();
    }
  }

  /** The interpreter of a {@code #!} script, skipping {@code /usr/bin/env}; null for binaries. */
  static String interpreter(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(256);
    }
    if (head.length < 2 || head[0] != '#' || head[1] != '!') {
      return null;
    }
    String line = new String(head, 2, head.length - 2, StandardCharsets.UTF_8).split("\n", 2)[0].trim();
    List<String> words = new ArrayList<>(List.of(line.split("\\s+")));
    if (!words.isEmpty() && words.get(0).endsWith("/env")) {
      words.remove(0);
      words.removeIf(w -> w.startsWith("-"));
    }
    return words.isEmpty() || words.get(0).isEmpty() ? null : words.get(0);
  }

  private static boolean visible(Path path) {
    return SYSTEM.stream().anyMatch(path::startsWith);
  }

  /** The install prefix of an executable (the parent of its bin/), if it is safe to show. */
  private Path exposable(Path real) throws IOException {
    Path dir = real.getParent();
    Path prefix = Set.of("bin", "sbin").contains(dir.getFileName().toString()) ? dir.getParent() : dir;
    for (Path candidate : List.of(prefix, dir)) {
      if (safe(candidate)) {
        return candidate;
      }
    }
    throw new IOException(real + " lives in " + dir + ", which the sandbox must not expose; install the runtime elsewhere");
  }

  private boolean safe(Path dir) {
    if (dir.getNameCount() < 2 || dir.getParent().equals(Path.of("/home"))) {
      return false; // "/", a top-level directory such as /root or /opt, or someone's home
    }
    return !dir.startsWith(workspaceRoot) && hidden.stream().noneMatch(p -> p.startsWith(dir));
  }
}
