package io.replmesh.container;

/** {@link SandboxDiskLimitContract} under bubblewrap. */
class BwrapDiskLimitTest extends SandboxDiskLimitContract {
  @Override
  SandboxBackend backend() {
    return new BwrapBackend();
  }

  /** The guard's walk follows inotify's report within milliseconds; this bound is generous. */
  @Override
  long overshootBound() {
    return 512L << 20;
  }

  /** A read-only mount: EROFS, which python reports as a plain OSError. */
  @Override
  String devWriteError() {
    return "OSError";
  }
}
