package io.replmesh.container.impl;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Reading, writing and removing cgroup directories; the same for v1 and v2. Blocking. */
final class CgroupFiles {
  private static final long REMOVE_DEADLINE_MS = 3000;

  private CgroupFiles() {}

  /** Writes a control file, which must exist: creating one would hide a missing controller. */
  static void write(Path file, String value) throws IOException {
    Files.writeString(file, value, StandardOpenOption.WRITE);
  }

  /** The number after {@code key} in a flat-keyed file such as memory.events; 0 when absent. */
  static long keyed(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length == 2 && parts[0].equals(key)) {
          return Long.parseLong(parts[1]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // a group that is gone or a kernel without the counter: nothing was recorded
    }
    return 0;
  }

  /** A file holding one number, such as memory.failcnt; 0 when absent. */
  static long number(Path file) {
    try {
      return Long.parseLong(Files.readString(file).trim());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * Kills what is still in a group (and its children) and removes it. The sandbox's processes
   * die with their pid namespace, but the kernel tears that down asynchronously, so rmdir is
   * retried while the group is busy.
   */
  static void killAndRemove(Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, Files::isDirectory)) {
      children.forEach(CgroupFiles::killAndRemove);
    } catch (IOException e) {
      // listing failed: the rmdir below reports what matters
    }
    long deadline = System.currentTimeMillis() + REMOVE_DEADLINE_MS;
    while (true) {
      killAll(dir);
      try {
        Files.delete(dir);
        return;
      } catch (NoSuchFileException e) {
        return;
      } catch (FileSystemException e) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("cannot remove cgroup " + dir + ": " + e.getMessage(), e);
        }
        sleep();
      } catch (IOException e) {
        throw new IllegalStateException("cannot remove cgroup " + dir + ": " + e.getMessage(), e);
      }
    }
  }

  private static void killAll(Path dir) {
    for (String pid : lines(dir.resolve("cgroup.procs"))) {
      ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while removing a cgroup", e);
    }
  }
}
