package io.replmesh.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * For tests that need something a developer's laptop may lack (Chromium, bubblewrap,
 * Docker): they skip there, with the reason, but in CI ({@code CI=true}) nothing may
 * skip, so the same check fails the test instead.
 */
public final class Requirements {
  private Requirements() {}

  public static void require(boolean available, String what) {
    if (available) {
      return;
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("CI=true but " + what + " is missing: .ci/run must install it");
    }
    Assumptions.abort(what + " is missing; skipping (this fails in CI)");
  }
}
