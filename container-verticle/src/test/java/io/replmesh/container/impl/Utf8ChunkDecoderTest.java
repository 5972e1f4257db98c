package io.replmesh.container.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8ChunkDecoderTest {

  @Test
  void holdsBackASequenceCutByAReadBoundaryUntilItIsWhole() {
    byte[] smile = "a😀b".getBytes(StandardCharsets.UTF_8);
    Utf8ChunkDecoder decoder = new Utf8ChunkDecoder();
    // Feed one byte at a time: every emitted piece must be whole characters.
    StringBuilder out = new StringBuilder();
    for (byte b : smile) {
      String piece = decoder.decode(new byte[] {b}, 1);
      assertThat(piece).doesNotContain("\uFFFD");
      out.append(piece);
    }
    assertThat(out.append(decoder.finish()).toString()).isEqualTo("a😀b");
  }

  @Test
  void invalidBytesBecomeReplacementCharacters() {
    Utf8ChunkDecoder decoder = new Utf8ChunkDecoder();
    assertThat(decoder.decode(new byte[] {'x', (byte) 0xFF, 'y'}, 3)).isEqualTo("x\uFFFDy");
  }

  @Test
  void aTruncatedSequenceAtEndOfStreamIsReplaced() {
    Utf8ChunkDecoder decoder = new Utf8ChunkDecoder();
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
    assertThat(decoder.decode(euro, 2)).isEmpty();
    assertThat(decoder.finish()).isEqualTo("\uFFFD");
  }
}
