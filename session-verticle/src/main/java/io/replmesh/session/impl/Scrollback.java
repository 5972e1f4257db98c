package io.replmesh.session.impl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * The tail of a session's output, as ready-to-send {@code output} frames keyed by their
 * sequence number, bounded in characters: the oldest frames fall off first. Late joiners
 * get all of it; a reconnecting client gets what came after the last seq it saw.
 */
public final class Scrollback {
  private record Frame(long seq, String wire) {}

  private final long maxChars;
  private final Deque<Frame> frames = new ArrayDeque<>();
  private long chars;

  public Scrollback(long maxChars) {
    this.maxChars = maxChars;
  }

  public void add(long seq, String wireFrame) {
    frames.addLast(new Frame(seq, wireFrame));
    chars += wireFrame.length();
    while (chars > maxChars && frames.size() > 1) {
      chars -= frames.removeFirst().wire.length();
    }
  }

  /** Frames with a sequence number above {@code seq}, oldest first. */
  public List<String> after(long seq) {
    List<String> out = new ArrayList<>();
    for (Frame frame : frames) {
      if (frame.seq > seq) {
        out.add(frame.wire);
      }
    }
    return out;
  }

  /** The newest frames whose total size stays within {@code maxChars}, oldest first. */
  public List<String> tail(long maxChars) {
    List<String> newestFirst = new ArrayList<>();
    long total = 0;
    for (var it = frames.descendingIterator(); it.hasNext(); ) {
      Frame frame = it.next();
      total += frame.wire.length();
      if (total > maxChars) {
        break;
      }
      newestFirst.add(frame.wire);
    }
    Collections.reverse(newestFirst);
    return newestFirst;
  }

  /** The oldest sequence number still held, or 0 when empty. */
  public long firstSeq() {
    return frames.isEmpty() ? 0 : frames.peekFirst().seq;
  }
}
