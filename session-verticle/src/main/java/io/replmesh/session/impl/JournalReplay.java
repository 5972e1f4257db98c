package io.replmesh.session.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.util.function.Consumer;

/**
 * Types a moved session's journal into its fresh REPL and tells when the REPL has gone
 * quiet again. While it runs, the session hides the REPL's output: everybody saw it before
 * the move. A journal that ends inside an endless loop must not hold the session forever,
 * so the wait is capped. Event-loop only.
 */
public final class JournalReplay {
  private final Vertx vertx;
  private final long quietMs;
  private boolean active;
  private long lastOutputAt;

  public JournalReplay(Vertx vertx, long quietMs) {
    this.vertx = vertx;
    this.quietMs = quietMs;
  }

  /** Whether a replay is under way: the REPL's output is its, not anybody's. */
  public boolean active() {
    return active;
  }

  public void onOutput() {
    lastOutputAt = System.currentTimeMillis();
  }

  public Future<Void> run(JsonArray journal, Consumer<String> type) {
    active = true;
    lastOutputAt = System.currentTimeMillis();
    journal.forEach(entry -> type.accept((String) entry));
    Promise<Void> quiet = Promise.promise();
    long giveUpAt = System.currentTimeMillis() + 10 * quietMs + 2_000;
    vertx.setPeriodic(Math.max(10, quietMs / 5), timer -> {
      long now = System.currentTimeMillis();
      if (now - lastOutputAt >= quietMs || now >= giveUpAt) {
        vertx.cancelTimer(timer);
        active = false;
        quiet.complete();
      }
    });
    return quiet.future();
  }
}
