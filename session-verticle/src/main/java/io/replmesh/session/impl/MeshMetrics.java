package io.replmesh.session.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * replmesh's own meters, in Micrometer's global registry (the node adds its Prometheus
 * registry there; an embedding application sees them in its own). Names as Prometheus shows
 * them: {@code replmesh_sessions{runtime}}, {@code replmesh_participants},
 * {@code replmesh_session_starts_seconds{runtime,outcome}}, {@code replmesh_output_bytes_total{runtime}},
 * {@code replmesh_process_exits_total{runtime,reason}}, {@code replmesh_failovers_seconds},
 * {@code replmesh_handovers_total{outcome}}.
 */
public final class MeshMetrics {
  private static final MeterRegistry REGISTRY = Metrics.globalRegistry;

  /** People in sessions on this node, all sessions together. */
  public static final AtomicInteger PARTICIPANTS = REGISTRY.gauge("replmesh.participants", new AtomicInteger());

  private MeshMetrics() {}

  /**
   * Sessions owned in this JVM, per runtime. Held here, strongly, because a registry keeps
   * the first gauge registered under a name: a gauge on one node's own table would go blank
   * when a second node in the same JVM (an embedding application, a test) replaced it.
   */
  private static final Map<String, AtomicInteger> SESSIONS = new ConcurrentHashMap<>();

  public static void sessionOpened(String runtime) {
    sessions(runtime).incrementAndGet();
  }

  public static void sessionClosed(String runtime) {
    sessions(runtime).decrementAndGet();
  }

  private static AtomicInteger sessions(String runtime) {
    return SESSIONS.computeIfAbsent(runtime, r -> {
      AtomicInteger count = new AtomicInteger();
      Gauge.builder("replmesh.sessions", count, AtomicInteger::get).tag("runtime", r)
          .description("sessions owned by the node(s) in this JVM").register(REGISTRY);
      return count;
    });
  }

  public static void sessionStart(String runtime, boolean ok, Duration took) {
    Timer.builder("replmesh.session.starts").tag("runtime", runtime).tag("outcome", ok ? "ok" : "failed")
        .description("session starts: request to running REPL").register(REGISTRY).record(took);
  }

  public static void output(String runtime, int chars) {
    Counter.builder("replmesh.output.bytes").tag("runtime", runtime).baseUnit("bytes")
        .description("terminal output (UTF-16 chars, ~bytes)").register(REGISTRY).increment(chars);
  }

  public static void processExit(String runtime, String reason) {
    Counter.builder("replmesh.process.exits").tag("runtime", runtime).tag("reason", String.valueOf(reason))
        .description("REPL exits by reason, sandbox limits included").register(REGISTRY).increment();
  }

  public static void failover(Duration claimToRunning) {
    Timer.builder("replmesh.failovers").description("sessions taken over from a lost node: claim to running")
        .register(REGISTRY).record(claimToRunning);
  }

  public static void handover(boolean ok) {
    Counter.builder("replmesh.handovers").tag("outcome", ok ? "ok" : "failed")
        .description("sessions handed to another node by a drain").register(REGISTRY).increment();
  }
}
