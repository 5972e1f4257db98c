package io.replmesh.container.impl;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands each live session its own host uid from a configured range, so that RLIMIT_NPROC
 * (counted per uid) and workspace ownership are per session. A session keeps its uid while
 * any of its processes runs. Pools are shared per range across the JVM, so several nodes
 * embedded in one JVM (as in tests) never give two sessions the same uid.
 */
final class BwrapUids {
  private static final Map<String, BwrapUids> POOLS = new ConcurrentHashMap<>();

  private final int first;
  private final int count;
  private final BitSet taken = new BitSet();
  private final Map<String, Lease> leases = new HashMap<>();

  private record Lease(int uid, int holders) {}

  private BwrapUids(int first, int count) {
    this.first = first;
    this.count = count;
  }

  static BwrapUids range(int first, int count) {
    if (first <= 0 || count <= 0 || (long) first + count > 0xFFFF_FFFEL) {
      throw new IllegalArgumentException("bad sandbox uid range: first " + first + ", count " + count);
    }
    return POOLS.computeIfAbsent(first + "+" + count, k -> new BwrapUids(first, count));
  }

  synchronized int acquire(String sessionId) {
    Lease lease = leases.get(sessionId);
    if (lease == null) {
      int index = taken.nextClearBit(0);
      if (index >= count) {
        throw new IllegalStateException("all " + count + " sandbox uids from " + first + " are in use");
      }
      taken.set(index);
      lease = new Lease(first + index, 0);
    }
    leases.put(sessionId, new Lease(lease.uid, lease.holders + 1));
    return lease.uid;
  }

  synchronized void release(String sessionId) {
    Lease lease = leases.get(sessionId);
    if (lease == null) {
      return;
    }
    if (lease.holders > 1) {
      leases.put(sessionId, new Lease(lease.uid, lease.holders - 1));
    } else {
      leases.remove(sessionId);
      taken.clear(lease.uid - first);
    }
  }
}
