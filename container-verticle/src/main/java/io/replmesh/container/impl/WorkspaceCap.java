package io.replmesh.container.impl;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A workspace's cap as enforced for one REPL process. The workspace is a plain host directory that
 * the node reads and restores, so no mount can limit its size; both sandboxes that run REPLs in
 * it ({@link BwrapDiskGuard}, {@link DockerMonitor}) enforce the cap alike, with this class:
 * RLIMIT_FSIZE stops any single file at the cap, and walks of the workspace catch many files.
 * A workspace already at its cap at spawn (restored files, an earlier overshoot) keeps what it
 * has but gets RLIMIT_FSIZE 0: its owner can read and delete but grow nothing, so overshoots
 * cannot add up over restarts.
 *
 * @param limit       the most the workspace may use: the cap, or what it held at spawn if more
 * @param fullAtSpawn whether it held the cap or more at spawn
 */
record WorkspaceCap(Path workspace, long limit, boolean fullAtSpawn) {
  private static final Logger log = LoggerFactory.getLogger(WorkspaceCap.class);
  private static final long BLOCK = 4096;

  /** Measures the workspace as a process is spawned on it. */
  static WorkspaceCap atSpawn(Path workspace, long capBytes) {
    long atSpawn = usage(workspace, Long.MAX_VALUE);
    return new WorkspaceCap(workspace, Math.max(capBytes, atSpawn), atSpawn >= capBytes);
  }

  /** RLIMIT_FSIZE for the sandbox: the cap, or 0 when the workspace is full already. */
  long fileSizeLimit() {
    return fullAtSpawn ? 0 : limit;
  }

  /** Whether the workspace has grown past its limit; the walk stops as soon as it has, so it stays bounded. */
  boolean exceeded() {
    return usage(workspace, limit) > limit;
  }

  /**
   * Bytes used under {@code dir}, counted until the sum passes {@code stopAbove}. Every file and
   * subdirectory counts at least one block, so a flood of empty files is caught too.
   */
  static long usage(Path dir, long stopAbove) {
    long[] total = {0};
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          // Not the workspace itself: one file of exactly the cap (RLIMIT_FSIZE's stop) is within it.
          return d.equals(dir) ? FileVisitResult.CONTINUE : add(BLOCK);
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          return add(Math.max(BLOCK, attrs.size()));
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE; // deleted while we walked
        }

        private FileVisitResult add(long bytes) {
          total[0] += bytes;
          return total[0] > stopAbove ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      log.debug("cannot walk {}: {}", dir, e.toString());
    }
    return total[0];
  }
}
