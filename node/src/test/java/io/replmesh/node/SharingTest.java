package io.replmesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.testkit.Api;
import io.replmesh.testkit.TestSocket;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Several people in one session: live output, scrollback, resume, roles, aliases, presence. */
class SharingTest extends NodeTestBase {

  @Test
  void twoWritersSeeEachOthersOutputLive() {
    JsonObject s = api.createSession("python");
    try (TestSocket ada = api.join(s, s.getString("writeToken"), "ada");
         TestSocket bob = api.join(s, s.getString("writeToken"), "bob")) {
      bob.awaitFrame("hello");
      ada.input("print('from' + ' ada')\r");
      bob.awaitOutput("from ada");
      bob.input("print('from' + ' bob')\r");
      ada.awaitOutput("from bob");
    }
  }

  @Test
  void lateJoinerGetsTheScrollback() {
    JsonObject s = api.createSession("python");
    try (TestSocket first = api.join(s, s.getString("writeToken"), "first")) {
      first.input("print('early' + 'bird')\r");
      first.awaitOutput("earlybird");
      try (TestSocket late = api.join(s, s.getString("readToken"), "late")) {
        assertThat(late.awaitOutput("earlybird")).contains("print('early' + 'bird')");
      }
    }
  }

  @Test
  void resumingAfterASequenceNumberReplaysOnlyWhatCameLater() {
    JsonObject s = api.createSession("python");
    long seenSeq;
    try (TestSocket first = api.join(s, s.getString("writeToken"), "first")) {
      first.input("print('one' + 'one')\r");
      first.awaitOutput("oneone");
      first.awaitOutput(">>> ");
      seenSeq = first.frames().stream().filter(f -> "output".equals(f.getString("type")))
          .mapToLong(f -> f.getLong("seq")).max().orElseThrow();
      first.input("print('two' + 'two')\r");
      first.awaitOutput("twotwo");
    }
    try (TestSocket resumed = api.join(s, s.getString("writeToken"), null)) {
      resumed.awaitOutput("twotwo");
    }
    try (TestSocket resumed = TestSocket.connect(vertx, api.port(),
        Api.wsUri(s.getString("id"), s.getString("writeToken"), "again", seenSeq))) {
      assertThat(resumed.awaitOutput("twotwo")).doesNotContain("oneone");
      assertThat(resumed.frames()).filteredOn(f -> "output".equals(f.getString("type")))
          .allSatisfy(f -> assertThat(f.getLong("seq")).isGreaterThan(seenSeq));
    }
  }

  @Test
  void aReaderWatchesButCannotType() {
    JsonObject s = api.createSession("python");
    try (TestSocket writer = api.join(s, s.getString("writeToken"), "writer");
         TestSocket reader = api.join(s, s.getString("readToken"), "reader")) {
      assertThat(reader.awaitFrame("hello").getString("role")).isEqualTo("reader");
      reader.input("print('sneaky' + 'input')\r");
      assertThat(reader.awaitFrame("error").getString("code")).isEqualTo("read_only");
      writer.input("print('writer' + 'input')\r");
      reader.awaitOutput("writerinput");
      assertThat(reader.output()).doesNotContain("sneaky");
    }
  }

  @Test
  void joinsLeavesAndAliasChangesReachEveryone() {
    JsonObject s = api.createSession("bash");
    try (TestSocket ada = api.join(s, s.getString("writeToken"), "ada")) {
      String bobId;
      try (TestSocket bob = api.join(s, s.getString("readToken"), "bob")) {
        bobId = bob.awaitFrame("hello").getString("userId");
        JsonObject joined = ada.awaitFrame(f -> "joined".equals(f.getString("type")) && "bob".equals(f.getString("alias")));
        assertThat(joined.getString("role")).isEqualTo("reader");
        bob.send(new JsonObject().put("type", "alias").put("alias", "robert"));
        JsonObject renamed = ada.awaitFrame("alias");
        assertThat(renamed.getString("userId")).isEqualTo(bobId);
        assertThat(renamed.getString("oldAlias")).isEqualTo("bob");
        assertThat(renamed.getString("newAlias")).isEqualTo("robert");
        assertThat(api.get("/api/v1/sessions/" + s.getString("id"), s.getString("readToken")).bodyAsJsonObject()
            .getJsonArray("participants")).extracting(p -> ((JsonObject) p).getString("alias"))
            .containsExactly("ada", "robert");
      }
      JsonObject left = ada.awaitFrame("left");
      assertThat(left.getString("userId")).isEqualTo(bobId);
      assertThat(left.getString("alias")).isEqualTo("robert");
    }
  }
}
