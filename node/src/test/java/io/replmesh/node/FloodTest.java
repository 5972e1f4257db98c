package io.replmesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.testkit.TestSocket;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.junit.jupiter.api.Test;

/**
 * A REPL printing as fast as it can, to a client that reads slowly, must neither grow the
 * node's heap without bound nor starve the other sessions.
 */
class FloodTest extends NodeTestBase {
  private static final long FLOOD_MS = 8_000;

  @Test
  void aFloodKeepsMemoryBoundedAndNeighboursResponsive() throws Exception {
    JsonObject flooding = api.createSession("python");
    JsonObject neighbour = api.createSession("bash");
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    try (TestSocket flood = api.join(flooding, flooding.getString("writeToken"), "flood");
         TestSocket calm = api.join(neighbour, neighbour.getString("writeToken"), "calm")) {
      flood.awaitOutput(">>> ");
      System.gc();
      long heapBefore = memory.getHeapMemoryUsage().getUsed();
      flood.input("while True: print('x' * 1000)\r\r");
      flood.awaitOutput("xxxxxxxxxx");
      flood.pause();

      long worstEchoMs = 0;
      long peakHeap = 0;
      long end = System.currentTimeMillis() + FLOOD_MS;
      for (int i = 0; System.currentTimeMillis() < end; i++) {
        long start = System.nanoTime();
        // The shell computes the number, so the echo of the typed line cannot satisfy the wait.
        calm.input("echo pong-$((" + i + "+1000))\r");
        calm.awaitOutput("pong-" + (i + 1000) + "\r\n");
        worstEchoMs = Math.max(worstEchoMs, (System.nanoTime() - start) / 1_000_000);
        peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
        Thread.sleep(100);
      }
      flood.input("\u0003");
      flood.resume();
      flood.awaitOutput("KeyboardInterrupt");
      System.gc();
      long heapAfter = memory.getHeapMemoryUsage().getUsed();
      System.out.printf("flood: neighbour worst echo %d ms, heap before %d MiB, peak %d MiB, after %d MiB%n",
          worstEchoMs, heapBefore >> 20, peakHeap >> 20, heapAfter >> 20);
      // Generous bounds for a noisy 2-core machine; the figures above are what to watch.
      assertThat(worstEchoMs).isLessThan(1_000);
      assertThat(heapAfter - heapBefore).isLessThan(64L << 20);
    }
  }
}
