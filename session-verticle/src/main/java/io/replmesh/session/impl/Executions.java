package io.replmesh.session.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * Runs snippets in the shared REPL one at a time: types the snippet as a person would,
 * watches the output until the REPL is back at its prompt (and has been quiet a moment),
 * and reads the result or the error out of what it printed. Everybody sees the snippet and
 * its output in the terminal as usual. A snippet still running after the timeout is
 * interrupted (Ctrl-C) and reported as failed. Event-loop only.
 */
public final class Executions {
  private static final long QUIET_MS = 60;

  private record Pending(String code, Promise<ReplDialect.Outcome> done) {}

  private final Vertx vertx;
  private final ReplDialect dialect;
  private final Consumer<String> type;
  private final long timeoutMs;
  private final Queue<Pending> queue = new ArrayDeque<>();
  private Pending current;
  private List<String> typed;
  private final StringBuilder captured = new StringBuilder();
  private long quietTimer = -1;
  private long timeoutTimer = -1;

  public Executions(Vertx vertx, ReplDialect dialect, Consumer<String> type, long timeoutMs) {
    this.vertx = vertx;
    this.dialect = dialect;
    this.type = type;
    this.timeoutMs = timeoutMs;
  }

  public Future<ReplDialect.Outcome> submit(String code) {
    Pending pending = new Pending(code, Promise.promise());
    queue.add(pending);
    startNext();
    return pending.done.future();
  }

  /** Every chunk of the REPL's output passes here. */
  public void onOutput(String data) {
    if (current == null) {
      return;
    }
    captured.append(data);
    if (quietTimer >= 0) {
      vertx.cancelTimer(quietTimer);
    }
    quietTimer = vertx.setTimer(QUIET_MS, t -> {
      quietTimer = -1;
      if (current != null && dialect.finished(captured.toString(), typed)) {
        finish(dialect.outcome(captured.toString(), typed));
      }
    });
  }

  /** The REPL ended or restarted: whatever was running will never finish. */
  public void abandonAll(String why) {
    if (current != null) {
      finish(new ReplDialect.Outcome(false, null, why));
    }
    queue.forEach(p -> p.done.tryComplete(new ReplDialect.Outcome(false, null, why)));
    queue.clear();
  }

  private void startNext() {
    if (current != null || queue.isEmpty()) {
      return;
    }
    current = queue.poll();
    captured.setLength(0);
    typed = dialect.lines(current.code);
    timeoutTimer = vertx.setTimer(timeoutMs, t -> {
      timeoutTimer = -1;
      type.accept("\u0003");
      finish(new ReplDialect.Outcome(false, null, "timed out after " + timeoutMs + " ms; interrupted"));
    });
    type.accept(String.join("\r", typed) + "\r");
  }

  private void finish(ReplDialect.Outcome outcome) {
    if (timeoutTimer >= 0) {
      vertx.cancelTimer(timeoutTimer);
      timeoutTimer = -1;
    }
    Pending done = current;
    current = null;
    done.done.tryComplete(outcome);
    startNext();
  }
}
