package io.replmesh.session.impl;

import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything typed into the session's current process, in order, so that a new owner can
 * replay it into a fresh REPL and rebuild the state. Bounded: once it would exceed its
 * budget it stops recording and says so, because a replay with a hole in the middle would
 * rebuild the wrong state.
 */
public final class InputJournal {
  private final long maxChars;
  private final List<String> entries = new ArrayList<>();
  private long chars;
  private boolean overflowed;

  public InputJournal(long maxChars) {
    this.maxChars = maxChars;
  }

  public void record(String input) {
    if (overflowed) {
      return;
    }
    if (chars + input.length() > maxChars) {
      overflowed = true;
      return;
    }
    entries.add(input);
    chars += input.length();
  }

  /** A restarted process starts from scratch: its journal does too. */
  public void clear() {
    entries.clear();
    chars = 0;
    overflowed = false;
  }

  public boolean overflowed() {
    return overflowed;
  }

  public JsonArray toJson() {
    return new JsonArray(new ArrayList<>(entries));
  }
}
