package io.replmesh.container.impl;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns a stream of byte chunks into strings of whole characters: a multi-byte UTF-8
 * sequence cut by a read boundary is held back until its last byte arrives, so no output
 * frame ever carries half a character. Invalid bytes become U+FFFD. Not thread-safe: one
 * per reader.
 */
public final class Utf8ChunkDecoder {
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPLACE)
      .onUnmappableCharacter(CodingErrorAction.REPLACE);
  /** Holds at most the 3 leading bytes of one incomplete sequence between reads. */
  private ByteBuffer pending = ByteBuffer.allocate(0);

  public String decode(byte[] bytes, int length) {
    ByteBuffer in = join(bytes, length);
    CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
    decoder.decode(in, out, false);
    pending = in.hasRemaining() ? ByteBuffer.allocate(in.remaining()).put(in).flip() : ByteBuffer.allocate(0);
    return out.flip().toString();
  }

  /** Whatever is left at end of stream: an incomplete trailing sequence becomes U+FFFD. */
  public String finish() {
    CharBuffer out = CharBuffer.allocate(pending.remaining() + 1);
    decoder.decode(pending, out, true);
    decoder.flush(out);
    decoder.reset();
    pending = ByteBuffer.allocate(0);
    return out.flip().toString();
  }

  private ByteBuffer join(byte[] bytes, int length) {
    if (!pending.hasRemaining()) {
      return ByteBuffer.wrap(bytes, 0, length);
    }
    return ByteBuffer.allocate(pending.remaining() + length).put(pending).put(bytes, 0, length).flip();
  }
}
