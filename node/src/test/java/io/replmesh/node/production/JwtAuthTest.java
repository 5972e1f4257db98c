package io.replmesh.node.production;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.node.TestNodes;
import io.replmesh.testkit.Api;
import io.replmesh.testkit.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Platform login: with auth.jwt configured, creating and joining sessions need a valid JWT. */
class JwtAuthTest {
  private static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256";
  private static Vertx vertx;
  private static Api api;
  private static JWTAuth issuer;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    api = new Api(vertx, TestNodes.start(vertx, new JsonObject().put("auth", new JsonObject()
        .put("jwt", new JsonObject().put("secret", SECRET).put("issuer", "katas.example")))
        .put("admission", new JsonObject().put("maxSessionsPerUser", 2))).httpPort());
    issuer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(
        new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET)));
  }

  @AfterAll
  static void stop() {
    api.close();
    vertx.close().await();
  }

  @Test
  void aValidTokenOpensAndJoinsWithItsNameAndRole() {
    String ada = token(new JsonObject().put("sub", "u-1").put("name", "Ada L."), 60);
    JsonObject s = api.send(HttpMethod.POST, "/api/v1/sessions", ada, new JsonObject().put("runtime", "bash"))
        .bodyAsJsonObject();
    String uri = "/api/v1/sessions/" + s.getString("id") + "/ws?token=" + s.getString("writeToken");
    try (TestSocket writer = TestSocket.connect(vertx, api.port(), uri + "&access_token=" + ada)) {
      assertThat(writer.awaitFrame("hello").getString("alias")).isEqualTo("Ada L.");
      assertThat(writer.awaitFrame("hello").getString("role")).isEqualTo("writer");
    }
    String watcher = token(new JsonObject().put("sub", "u-2").put("name", "Bob").put("role", "reader"), 60);
    try (TestSocket reader = TestSocket.connect(vertx, api.port(), uri + "&access_token=" + watcher)) {
      assertThat(reader.awaitFrame("hello").getString("role")).as("the JWT allows only watching").isEqualTo("reader");
    }
    var info = api.send(HttpMethod.GET, "/api/v1/sessions/" + s.getString("id") + "?token=" + s.getString("readToken"),
        ada, null);
    assertThat(info.statusCode()).isEqualTo(200);
  }

  @Test
  void aUserHoldsAtMostTheirCapOfLiveSessions() {
    String carol = token(new JsonObject().put("sub", "u-carol"), 60);
    JsonObject body = new JsonObject().put("runtime", "bash");
    JsonObject first = api.send(HttpMethod.POST, "/api/v1/sessions", carol, body).bodyAsJsonObject();
    assertThat(api.send(HttpMethod.POST, "/api/v1/sessions", carol, body).statusCode()).isEqualTo(201);
    var third = api.send(HttpMethod.POST, "/api/v1/sessions", carol, body);
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(third.bodyAsJsonObject().getString("code")).isEqualTo("user_cap");
    String dave = token(new JsonObject().put("sub", "u-dave"), 60);
    assertThat(api.send(HttpMethod.POST, "/api/v1/sessions", dave, body).statusCode()).as("others are not affected")
        .isEqualTo(201);
    assertThat(api.send(HttpMethod.DELETE, "/api/v1/sessions/" + first.getString("id") + "?token=" + first.getString("writeToken"),
        carol, null).statusCode()).isEqualTo(204);
    assertThat(api.send(HttpMethod.POST, "/api/v1/sessions", carol, body).statusCode()).as("a freed slot").isEqualTo(201);
  }

  @Test
  void noWrongOrExpiredTokenGetsIn() {
    JsonObject body = new JsonObject().put("runtime", "bash");
    assertThat(api.send(HttpMethod.POST, "/api/v1/sessions", null, body).statusCode()).isEqualTo(401);
    assertThat(api.send(HttpMethod.POST, "/api/v1/sessions", "not.a.jwt", body).statusCode()).isEqualTo(401);
    String forged = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256")
        .setBuffer("another-secret-entirely-another-secret"))).generateToken(new JsonObject().put("sub", "x"),
        new JWTOptions().setIssuer("katas.example"));
    assertThat(api.send(HttpMethod.POST, "/api/v1/sessions", forged, body).statusCode()).isEqualTo(401);
    String expired = token(new JsonObject().put("sub", "u-3"), -60);
    var refused = api.send(HttpMethod.POST, "/api/v1/sessions", expired, body);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.bodyAsJsonObject().getString("code")).isEqualTo("missing_token");
    String otherIssuer = issuer.generateToken(new JsonObject().put("sub", "u-4"), new JWTOptions().setIssuer("evil.example"));
    assertThat(api.send(HttpMethod.POST, "/api/v1/sessions", otherIssuer, body).statusCode()).isEqualTo(401);
    assertThat(TestSocket.rejectionStatus(vertx, api.port(), "/api/v1/sessions/anything/ws?token=x")).isEqualTo(401);
  }

  private static String token(JsonObject claims, int expiresInSeconds) {
    long now = System.currentTimeMillis() / 1000;
    return issuer.generateToken(claims.put("exp", now + expiresInSeconds).put("iat", now - 120),
        new JWTOptions().setIssuer("katas.example"));
  }
}
