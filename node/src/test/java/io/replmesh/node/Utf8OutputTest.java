package io.replmesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.testkit.TestSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Multi-byte output larger than a read chunk arrives as whole characters in every frame. */
class Utf8OutputTest extends NodeTestBase {

  @Test
  void outputFramesNeverSplitACharacter() {
    JsonObject s = api.createSession("python");
    try (TestSocket socket = api.join(s, s.getString("writeToken"), "me")) {
      // 3-byte and 4-byte characters, odd counts, far more than one 8 KiB read.
      socket.input("print('€' * 7001 + '|' + '😀' * 5003 + '|end')\r");
      socket.awaitOutput("😀|end");
      assertThat(socket.frames()).filteredOn(f -> "output".equals(f.getString("type")))
          .allSatisfy(f -> assertThat(f.getString("data")).doesNotContain("\uFFFD"));
      assertThat(socket.output()).contains("€".repeat(7001) + "|" + "😀".repeat(5003) + "|end");
    }
  }
}
