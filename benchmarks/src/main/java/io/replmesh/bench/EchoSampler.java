package io.replmesh.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * Types into several echoers in turn, one key at a time, and records each echo latency.
 * Interleaving puts every path under the same conditions at the same moments, so that the
 * ratios between them hold even on a machine where other work comes and goes.
 */
final class EchoSampler {
  private static final String KEYS = "abcdefghijklmnopqrstuvwxyz";
  /** The line is cleared before it could wrap at 80 columns (wrapping echoes more than the key). */
  private static final int KEYS_PER_LINE = 30;

  private EchoSampler() {}

  /**
   * Takes up to {@code samples} echoes from each echoer, with a pause of 5-10 ms after each (a
   * quick typist, at a random phase against the background typists' 200 ms rhythm), and stops
   * early when {@code budget} is spent: an overloaded mesh must not stall the suite.
   *
   * @return how many keys were not echoed within 5 s (not recorded)
   */
  static int sample(List<? extends Echoer> echoers, List<Latency> into, int samples, Duration budget)
      throws Exception {
    return type(echoers, into, samples, true, budget);
  }

  /**
   * Types up to {@code keys} keys into each echoer without pauses and records nothing: until the
   * JIT has compiled the echo path of every JVM involved, latencies measure the interpreter.
   */
  static void warmUp(List<? extends Echoer> echoers, int keys, Duration budget) throws Exception {
    List<Latency> discarded = echoers.stream().map(e -> new Latency()).toList();
    type(echoers, discarded, keys, false, budget);
  }

  private static int type(List<? extends Echoer> echoers, List<Latency> into, int samples, boolean pause,
                          Duration budget) throws Exception {
    long deadline = System.nanoTime() + budget.toNanos();
    int lost = 0;
    for (int i = 0; i < samples && System.nanoTime() < deadline; i++) {
      if (i > 0 && i % KEYS_PER_LINE == 0) {
        for (Echoer echoer : echoers) {
          echoer.clearLine();
        }
      }
      char key = KEYS.charAt(i % KEYS.length());
      for (int e = 0; e < echoers.size(); e++) {
        try {
          into.get(e).record(echoers.get(e).echo(key));
        } catch (TimeoutException | ExecutionException ex) {
          lost++;
        }
        if (pause) {
          Sleep.millis(5 + ThreadLocalRandom.current().nextInt(6));
        }
      }
    }
    return lost;
  }
}
