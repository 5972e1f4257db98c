package io.replmesh.node.production;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.container.ContainerVerticle;
import io.replmesh.node.NodeConfig;
import io.replmesh.router.ReplmeshRoutes;
import io.replmesh.session.SessionHostVerticle;
import io.replmesh.testkit.Api;
import io.replmesh.testkit.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The README's embedding recipe, as an application would follow it: its own Vert.x, its
 * own Router and server with routes of its own, replmesh's verticles deployed one by one
 * and its routes mounted under a prefix.
 */
class EmbeddingTest {

  @Test
  void replmeshRunsInsideAnotherApplication() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject config = NodeConfig.complete(NodeConfig.defaults().put("node", "embedded")
          .put("workspaceRoot", Files.createTempDirectory("embedded").toString()));
      config.getJsonObject("sandbox").put("type", System.getenv().getOrDefault("REPLMESH_TEST_SANDBOX", "auto"));
      vertx.deployVerticle(new ContainerVerticle(config)).await();
      vertx.deployVerticle(new SessionHostVerticle(config)).await();

      Router app = Router.router(vertx);
      app.get("/app/hello").handler(ctx -> ctx.end("hello from the application"));
      app.route("/repl/*").subRouter(ReplmeshRoutes.create(vertx, config));
      HttpServer server = vertx.createHttpServer().requestHandler(app).listen(0, "127.0.0.1").await();

      try (Api api = new Api(vertx, server.actualPort())) {
        assertThat(api.get("/app/hello", null).bodyAsString()).isEqualTo("hello from the application");
        var created = api.send(HttpMethod.POST, "/repl/api/v1/sessions", null, new JsonObject().put("runtime", "python"));
        assertThat(created.statusCode()).isEqualTo(201);
        JsonObject s = created.bodyAsJsonObject();
        try (TestSocket socket = TestSocket.connect(vertx, server.actualPort(),
            "/repl" + Api.wsUri(s.getString("id"), s.getString("writeToken"), "host-app", null))) {
          socket.input("print(6 * 7)\r");
          socket.awaitOutput("42");
        }
        assertThat(api.get("/repl/", null).bodyAsString()).contains("xterm");
      }
    } finally {
      vertx.close().await();
    }
  }
}
