package io.replmesh.bench;

import io.replmesh.testkit.Api;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/** Creating sessions in bulk through the REST API, and what the protocol needs to join one. */
final class Sessions {
  /** Two creations in flight per core keep the nodes busy without queueing behind each other. */
  private static final int PARALLEL = 4;

  private Sessions() {}

  /**
   * Sessions that were created, and why creation stopped early (null when all were).
   * Each session carries {@code via}: the index of the node it was created through.
   */
  record Created(List<JsonObject> sessions, String error) {}

  /**
   * Creates {@code count} sessions through the given nodes in turn; stops at the first error or
   * once {@code budget} is spent (a node that is saturated answers slowly rather than not at all).
   */
  static Created create(List<Api> apis, String runtime, int count, Duration budget) throws InterruptedException {
    long deadline = System.nanoTime() + budget.toNanos();
    List<JsonObject> created = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<String> error = new AtomicReference<>();
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    try {
      List<Future<?>> jobs = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int via = i % apis.size();
        jobs.add(pool.submit(() -> {
          if (error.get() != null) {
            return;
          }
          if (System.nanoTime() > deadline) {
            error.compareAndSet(null, "creating " + count + " sessions took longer than " + budget.toSeconds() + " s");
            return;
          }
          try {
            created.add(apis.get(via).createSession(runtime).put("via", via));
          } catch (Throwable e) {
            error.compareAndSet(null, e.getMessage());
          }
        }));
      }
      for (Future<?> job : jobs) {
        job.get();
      }
    } catch (ExecutionException e) {
      error.compareAndSet(null, e.getCause().toString());
    } finally {
      pool.shutdownNow();
    }
    return new Created(new ArrayList<>(created), error.get());
  }

  /** The websocket URI of a session with its write token. */
  static String wsUri(JsonObject session, String alias) {
    return Api.wsUri(session.getString("id"), session.getString("writeToken"), alias, null);
  }

  /** DELETE with the write token; failures do not matter (the node goes away soon after). */
  static void delete(Api api, JsonObject session) {
    try {
      api.send(HttpMethod.DELETE, "/api/v1/sessions/" + session.getString("id"),
          session.getString("writeToken"), null);
    } catch (RuntimeException e) {
      // already gone
    }
  }
}
