package io.replmesh.session.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParticipantsTest {

  @Test
  void aliasesAreSingleLinePrintableAndShort() {
    assertThat(Participants.cleanAlias("  ada\u0007\n lovelace ", "abcdef")).isEqualTo("ada lovelace");
    assertThat(Participants.cleanAlias("x".repeat(100), "abcdef")).hasSize(40);
  }

  @Test
  void anEmptyAliasBecomesAGuestName() {
    assertThat(Participants.cleanAlias(null, "abcdef")).isEqualTo("guest-abcd");
    assertThat(Participants.cleanAlias(" \t ", "abcdef")).isEqualTo("guest-abcd");
  }
}
