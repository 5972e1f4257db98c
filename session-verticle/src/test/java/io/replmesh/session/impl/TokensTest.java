package io.replmesh.session.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {

  @Test
  void idsAndTokensCarryAtLeast128RandomBitsInUrlSafeCharacters() {
    // base64url: 6 bits per character.
    assertThat(Tokens.newSessionId()).matches("[A-Za-z0-9_-]{22,}");
    assertThat(Tokens.newToken()).matches("[A-Za-z0-9_-]{22,}");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertThat(seen.add(Tokens.newToken())).isTrue();
    }
  }

  @Test
  void aTokenMatchesOnlyItsOwnHash() {
    String token = Tokens.newToken();
    String hash = Tokens.hash(token);
    assertThat(hash).doesNotContain(token);
    assertThat(Tokens.matches(token, hash)).isTrue();
    assertThat(Tokens.matches(Tokens.newToken(), hash)).isFalse();
    assertThat(Tokens.matches(null, hash)).isFalse();
  }
}
