package io.replmesh.session.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScrollbackTest {

  @Test
  void keepsTheNewestFramesWithinItsBudget() {
    Scrollback scrollback = new Scrollback(10);
    scrollback.add(1, "aaaa");
    scrollback.add(2, "bbbb");
    scrollback.add(3, "cccc");
    assertThat(scrollback.after(0)).containsExactly("bbbb", "cccc");
    assertThat(scrollback.firstSeq()).isEqualTo(2);
  }

  @Test
  void replaysOnlyFramesAfterTheGivenSequence() {
    Scrollback scrollback = new Scrollback(100);
    scrollback.add(1, "one");
    scrollback.add(2, "two");
    scrollback.add(3, "three");
    assertThat(scrollback.after(1)).containsExactly("two", "three");
    assertThat(scrollback.after(3)).isEmpty();
  }

  @Test
  void aSingleFrameLargerThanTheBudgetIsStillKept() {
    Scrollback scrollback = new Scrollback(2);
    scrollback.add(1, "too long");
    assertThat(scrollback.after(0)).containsExactly("too long");
  }
}
