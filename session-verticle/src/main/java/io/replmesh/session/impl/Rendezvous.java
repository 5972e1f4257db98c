package io.replmesh.session.impl;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.zip.CRC32C;

/**
 * Rendezvous (highest-random-weight) hashing: every member computes the same owner for a
 * session from the same set of candidates, with no coordination, and when a member is
 * lost only the sessions it owned move, spread evenly over all the others.
 */
public final class Rendezvous {
  private Rendezvous() {}

  public static String pick(String sessionId, Collection<String> candidates) {
    String best = null;
    long bestScore = Long.MIN_VALUE;
    for (String candidate : candidates) {
      long score = score(sessionId, candidate);
      if (best == null || score > bestScore || (score == bestScore && candidate.compareTo(best) < 0)) {
        best = candidate;
        bestScore = score;
      }
    }
    return best;
  }

  private static long score(String sessionId, String candidate) {
    CRC32C crc = new CRC32C();
    crc.update((sessionId + '\u0000' + candidate).getBytes(StandardCharsets.UTF_8));
    // CRC alone clusters for similar inputs; a 64-bit finaliser (splitmix64) spreads it.
    long z = crc.getValue() * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
