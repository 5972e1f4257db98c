package io.replmesh.session.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What a new owner needs to bring a session back after its node is lost: the output
 * numbering, the journal of input to replay, a tail of the scrollback, the workspace
 * files given through the API, and the terminal size. Written to the cluster's recovery
 * map a little after each change (debounced), so the newest few hundred milliseconds may
 * be missing after a crash; a drain writes it one last time before handing over. Each write
 * is the whole snapshot: under heavy typing that is one cluster write per session per flush
 * interval, which is why the interval is not shorter.
 */
public final class RecoverySnapshot {
  /**
   * A new owner numbers its output this far above the last replicated number: output the
   * old owner sent after its last snapshot carried numbers up to there, and clients must
   * never take new output for output they have already seen.
   */
  public static final long SEQ_JUMP = 1_000_000;

  private RecoverySnapshot() {}

  public static JsonObject of(long epoch, long seq, InputJournal journal, Scrollback scrollback,
                              long scrollbackChars, JsonObject files, int cols, int rows) {
    return new JsonObject().put("epoch", epoch).put("seq", seq)
        .put("journal", journal.toJson()).put("journalOverflow", journal.overflowed())
        .put("scrollback", new JsonArray(scrollback.tail(scrollbackChars)))
        .put("files", files.copy()).put("cols", cols).put("rows", rows);
  }

  /** Restores the scrollback tail into {@code scrollback}; returns the seq to continue from. */
  public static long restoreScrollback(JsonObject snapshot, Scrollback scrollback) {
    for (Object wire : snapshot.getJsonArray("scrollback", new JsonArray())) {
      JsonObject frame = new JsonObject((String) wire);
      scrollback.add(frame.getLong("seq"), (String) wire);
    }
    return snapshot.getLong("seq", 0L) + SEQ_JUMP;
  }

  public static void restoreJournal(JsonObject snapshot, InputJournal journal) {
    snapshot.getJsonArray("journal", new JsonArray()).forEach(entry -> journal.record((String) entry));
  }
}
