package io.replmesh.node.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.node.NodeTestBase;
import io.replmesh.testkit.Api;
import io.replmesh.testkit.TestSocket;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** further-link's API (seed 004), with its messages exactly as the seed shows them. */
class FurtherLinkProtocolTest extends NodeTestBase {

  @Test
  void statusAndVersion() {
    assertThat(api.get("/status", null).statusCode()).isEqualTo(200);
    assertThat(api.get("/version", null).bodyAsJsonObject().getString("version")).isNotBlank();
  }

  @Test
  void runPyRunsASourceScript() {
    try (TestSocket ws = TestSocket.connect(vertx, api.port(), "/run-py")) {
      ws.send(msg("start", null, new JsonObject().put("sourceScript", "print('hi')")));
      ws.awaitFrame("started");
      assertThat(ws.awaitFrame("stopped").getJsonObject("data").getInteger("exitCode")).isZero();
      StringBuilder out = new StringBuilder();
      ws.frames().stream().filter(f -> "stdout".equals(f.getString("type")))
          .forEach(f -> out.append(f.getJsonObject("data").getString("output")));
      assertThat(out.toString()).isEqualTo("hi\n");
      assertThat(ws.frames().get(0).containsKey("process")).isFalse();
    }
  }

  @Test
  void runManagesSeveralProcessesWithStdinStderrAndStop() {
    try (TestSocket ws = TestSocket.connect(vertx, api.port(), "/run")) {
      ws.send(msg("start", "1", new JsonObject().put("runner", "python3").put("code", "print('hi')")));
      ws.send(msg("start", "2", new JsonObject().put("runner", "shell")));
      ws.send(msg("start", "3", new JsonObject().put("runner", "python3")
          .put("code", "import sys\nname = input()\nprint('hello ' + name)\nprint('oops', file=sys.stderr)\nsys.exit(3)")));
      ws.awaitFrame(f -> "started".equals(f.getString("type")) && "2".equals(f.getString("process")));
      ws.send(msg("stdin", "2", new JsonObject().put("input", "echo sh-$((40+2))\n")));
      ws.awaitFrame(f -> "started".equals(f.getString("type")) && "3".equals(f.getString("process")));
      ws.send(msg("stdin", "3", new JsonObject().put("input", "ada\n")));

      assertThat(output(ws, "1", "stdout")).isEqualTo("hi\n");
      assertThat(exitCode(ws, "1")).isZero();
      ws.awaitFrame(f -> "stdout".equals(f.getString("type")) && "2".equals(f.getString("process"))
          && f.getJsonObject("data").getString("output").contains("sh-42"));
      assertThat(output(ws, "3", "stdout")).isEqualTo("hello ada\n");
      assertThat(output(ws, "3", "stderr")).isEqualTo("oops\n");
      assertThat(exitCode(ws, "3")).isEqualTo(3);
      ws.send(msg("stop", "2", null));
      assertThat(exitCode(ws, "2")).isEqualTo(-15);
      ws.send(msg("ping", null, null));
      ws.awaitFrame("pong");
    }
  }

  @Test
  void ptyModeGivesTheProgramATerminal() {
    try (TestSocket ws = TestSocket.connect(vertx, api.port(), "/run?pty=1")) {
      ws.send(msg("start", "t", new JsonObject().put("runner", "python3").put("code", "import sys\nprint(sys.stdout.isatty())")));
      assertThat(output(ws, "t", "stdout")).startsWith("True");
    }
  }

  @Test
  void uploadedFilesAreRunByPathIncludingFetchedOnes() {
    HttpServer files = vertx.createHttpServer().requestHandler(req -> req.response().end("Y = 37\n"))
        .listen(0, "127.0.0.1").await();
    JsonObject upload = new JsonObject().put("name", "proj").put("files", new JsonObject()
        .put("run.py", text("import helper, fetched\nprint(helper.X + fetched.Y)"))
        .put("helper.py", text("X = 5"))
        .put("fetched.py", new JsonObject().put("type", "url").put("content", "http://127.0.0.1:" + files.actualPort() + "/f")));
    var response = api.send(HttpMethod.POST, "/upload", null, upload);
    assertThat(response.statusCode()).isEqualTo(200);
    try (TestSocket ws = TestSocket.connect(vertx, api.port(), "/run")) {
      ws.send(msg("start", "p", new JsonObject().put("runner", "python3").put("path", "proj/run.py")));
      assertThat(output(ws, "p", "stdout")).isEqualTo("42\n");
    }
    files.close();
  }

  @Test
  void traversalAndMalformedMessagesAreRefused() {
    for (JsonObject bad : new JsonObject[] {
        new JsonObject().put("name", "../up").put("files", new JsonObject().put("a.py", text("x"))),
        new JsonObject().put("name", "ok").put("files", new JsonObject().put("/etc/cron.d/x", text("x"))),
        new JsonObject().put("name", "/abs").put("files", new JsonObject())}) {
      assertThat(api.send(HttpMethod.POST, "/upload", null, bad).statusCode()).as(bad.encode()).isEqualTo(400);
    }
    try (TestSocket ws = TestSocket.connect(vertx, api.port(), "/run")) {
      ws.sendText("not json");
      assertThat(ws.awaitFrame("error").getJsonObject("data").getString("message")).isEqualTo("Bad message");
      ws.send(msg("start", "x", new JsonObject().put("runner", "python3").put("path", "../../etc/passwd")));
      assertThat(ws.awaitFrames("error", 2).get(1).getString("process")).isEqualTo("x");
    }
  }

  /** Everything a process wrote to a stream until it stopped: streams arrive in chunks of any size. */
  private static String output(TestSocket ws, String process, String stream) {
    exitCode(ws, process);
    StringBuilder out = new StringBuilder();
    ws.frames().stream().filter(f -> stream.equals(f.getString("type")) && process.equals(f.getString("process")))
        .forEach(f -> out.append(f.getJsonObject("data").getString("output")));
    return out.toString();
  }

  private static Integer exitCode(TestSocket ws, String process) {
    return ws.awaitFrame(f -> "stopped".equals(f.getString("type")) && process.equals(f.getString("process")))
        .getJsonObject("data").getInteger("exitCode");
  }

  private static JsonObject text(String content) {
    return new JsonObject().put("type", "text").put("content", content);
  }

  private static JsonObject msg(String type, String process, JsonObject data) {
    JsonObject m = new JsonObject().put("type", type);
    if (process != null) {
      m.put("process", process);
    }
    return data == null ? m : m.put("data", data);
  }
}
