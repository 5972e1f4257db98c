package io.replmesh.bench;

/** Thread.sleep without the checked exception: an interrupted benchmark stops. */
final class Sleep {
  private Sleep() {}

  static void millis(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
