package io.replmesh.container.impl;

/** Names for why a process ended, as shown in {@code state {reason}}. */
public final class ExitReasons {
  public static final String EXITED = "exited";
  public static final String SIGNALLED = "signalled";
  public static final String KILLED = "killed";
  public static final String MEMORY_LIMIT = "memory_limit";
  public static final String PIDS_LIMIT = "pids_limit";
  public static final String DISK_LIMIT = "disk_limit";

  private ExitReasons() {}

  /** A shell-style status above 128 means death by signal 128-N. */
  public static String fromExitCode(int exitCode) {
    return exitCode > 128 || exitCode < 0 ? SIGNALLED : EXITED;
  }
}
