package io.replmesh.session.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * Runs snippets in the shared REPL one at a time: waits until the REPL sits at its prompt
 * (typing earlier would be echoed twice, and would mix with whatever is running), types
 * the snippet as a person would, watches the output until the REPL is back at its prompt
 * (and has been quiet a moment), and reads the result or the error out of what it printed.
 * Everybody sees the snippet and its output in the terminal as usual. A snippet not done
 * within the timeout is interrupted (Ctrl-C) and reported as failed. Event-loop only.
 */
public final class Executions {
  private static final long QUIET_MS = 60;
  private static final int TAIL_CHARS = 256;

  private final class Pending {
    final String code;
    final Promise<ReplDialect.Outcome> done = Promise.promise();
    long timer;

    Pending(String code) {
      this.code = code;
    }
  }

  private final Vertx vertx;
  private final ReplDialect dialect;
  private final Consumer<String> type;
  private final long timeoutMs;
  private final Queue<Pending> queue = new ArrayDeque<>();
  /** The end of everything the REPL printed: whether it now sits at its prompt. */
  private final StringBuilder tail = new StringBuilder();
  private final StringBuilder captured = new StringBuilder();
  private Pending current;
  private List<String> typed;
  private long quietTimer = -1;

  public Executions(Vertx vertx, ReplDialect dialect, Consumer<String> type, long timeoutMs) {
    this.vertx = vertx;
    this.dialect = dialect;
    this.type = type;
    this.timeoutMs = timeoutMs;
  }

  public Future<ReplDialect.Outcome> submit(String code) {
    Pending pending = new Pending(code);
    pending.timer = vertx.setTimer(timeoutMs, t -> timedOut(pending));
    queue.add(pending);
    startNext();
    return pending.done.future();
  }

  /** Every chunk of the REPL's output passes here, also output nobody is shown (a replay). */
  public void onOutput(String data) {
    tail.append(data);
    if (tail.length() > TAIL_CHARS) {
      tail.delete(0, tail.length() - TAIL_CHARS);
    }
    if (current == null) {
      startNext();
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

  /** The REPL ended or restarted: nothing queued or running will finish. */
  public void abandonAll(String why) {
    if (current != null) {
      finish(new ReplDialect.Outcome(false, null, why));
    }
    queue.forEach(p -> complete(p, new ReplDialect.Outcome(false, null, why)));
    queue.clear();
    tail.setLength(0);
  }

  private void startNext() {
    if (current != null || queue.isEmpty() || !dialect.atPrompt(tail.toString())) {
      return;
    }
    current = queue.poll();
    captured.setLength(0);
    tail.setLength(0);
    typed = dialect.lines(current.code);
    type.accept(String.join("\r", typed) + "\r");
  }

  private void timedOut(Pending pending) {
    if (pending == current) {
      type.accept("\u0003");
      finish(new ReplDialect.Outcome(false, null, "timed out after " + timeoutMs + " ms; interrupted"));
    } else if (queue.remove(pending)) {
      complete(pending, new ReplDialect.Outcome(false, null, "the REPL stayed busy for " + timeoutMs + " ms"));
    }
  }

  private void finish(ReplDialect.Outcome outcome) {
    Pending done = current;
    current = null;
    complete(done, outcome);
    startNext();
  }

  private void complete(Pending pending, ReplDialect.Outcome outcome) {
    vertx.cancelTimer(pending.timer);
    pending.done.tryComplete(outcome);
  }
}
