package io.replmesh.bench;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletableFuture;

/**
 * The client of a session that prints without end: counts the output it receives and, once
 * Ctrl-C is sent, notes when the flood's last frame, the KeyboardInterrupt and the prompt came.
 * Called on one event loop; read by the benchmark thread after the futures complete.
 */
final class FloodWatcher implements MeshSocket.Listener {
  final CompletableFuture<Long> floodStarted = new CompletableFuture<>();
  final CompletableFuture<Long> promptBack = new CompletableFuture<>();
  private volatile long bytes;
  private volatile long interruptSentNanos;
  private volatile long lastFloodFrameNanos;
  private volatile long keyboardInterruptNanos;

  @Override
  public void onFrame(long arrived, JsonObject frame) {
    if (!"output".equals(frame.getString("type"))) {
      return;
    }
    String data = frame.getString("data");
    bytes += data.length(); // the flood is ASCII: one char is one byte
    if (!floodStarted.isDone() && data.contains("xxxxxxxxxx")) {
      floodStarted.complete(arrived);
    }
    if (interruptSentNanos == 0) {
      return;
    }
    int interrupt = data.indexOf("KeyboardInterrupt");
    if (keyboardInterruptNanos == 0 && interrupt >= 0) {
      keyboardInterruptNanos = arrived;
      if (data.lastIndexOf("xx", interrupt) >= 0) {
        lastFloodFrameNanos = arrived; // the flood's last bytes share this frame
      }
    } else if (keyboardInterruptNanos == 0 && data.contains("xx")) {
      lastFloodFrameNanos = arrived;
    }
    if (keyboardInterruptNanos != 0 && data.contains(">>> ")) {
      promptBack.complete(arrived);
    }
  }

  long bytes() {
    return bytes;
  }

  void interruptSent(long nanos) {
    interruptSentNanos = nanos;
  }

  /** Ctrl-C to the last frame of the flood, in ms (0 when no flood frame came after Ctrl-C). */
  double floodStoppedMs() {
    return lastFloodFrameNanos < interruptSentNanos ? 0 : (lastFloodFrameNanos - interruptSentNanos) / 1e6;
  }

  double keyboardInterruptMs() {
    return (keyboardInterruptNanos - interruptSentNanos) / 1e6;
  }
}
