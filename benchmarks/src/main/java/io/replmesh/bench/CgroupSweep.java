package io.replmesh.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removes the cgroups (…/replmesh/NODE/…) that a bwrap node made for its REPLs. A node
 * that is killed with -9, as the benchmarks end them, cannot remove them itself, and the
 * node names here are unique, so nobody else's groups are touched.
 */
final class CgroupSweep {
  private static final Path ROOT = Path.of("/sys/fs/cgroup");
  private static final long DEADLINE_MS = 3000;

  private CgroupSweep() {}

  static void sweep(String node) {
    if (!Files.isDirectory(ROOT)) {
      return;
    }
    List<Path> groups;
    try (Stream<Path> found = Files.find(ROOT, 6, (path, attrs) -> attrs.isDirectory()
        && path.getFileName().toString().equals(node)
        && path.getParent().getFileName().toString().equals("replmesh"))) {
      groups = found.toList();
    } catch (IOException | RuntimeException e) {
      System.err.println("cgroup sweep of " + node + " failed: " + e);
      return;
    }
    groups.forEach(CgroupSweep::remove);
  }

  /** Children first; rmdir is retried while the kernel still tears the processes down. */
  private static void remove(Path dir) {
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, Files::isDirectory)) {
      children.forEach(CgroupSweep::remove);
    } catch (IOException e) {
      // gone already, or unreadable: the rmdir below says which
    }
    long deadline = System.currentTimeMillis() + DEADLINE_MS;
    while (true) {
      killMembers(dir);
      try {
        Files.delete(dir);
        return;
      } catch (NoSuchFileException e) {
        return;
      } catch (IOException e) {
        if (System.currentTimeMillis() > deadline) {
          System.err.println("cgroup " + dir + " left behind: " + e.getMessage());
          return;
        }
        Sleep.millis(20);
      }
    }
  }

  private static void killMembers(Path dir) {
    try {
      for (String pid : Files.readAllLines(dir.resolve("cgroup.procs"))) {
        if (!pid.isBlank()) {
          ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    } catch (IOException e) {
      // no such group any more
    }
  }
}
