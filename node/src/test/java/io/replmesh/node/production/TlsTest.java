package io.replmesh.node.production;

import static org.assertj.core.api.Assertions.assertThat;

import io.replmesh.node.TestNodes;
import io.replmesh.testkit.Requirements;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS and wss from a PEM certificate and key in the configuration. */
class TlsTest {

  @Test
  void httpsAndSecureWebsocketsWithATestCertificate(@TempDir Path dir) throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
    Requirements.require(openssl.waitFor(30, TimeUnit.SECONDS) && openssl.exitValue() == 0, "openssl to make a test certificate");

    Vertx vertx = Vertx.vertx();
    try {
      int port = TestNodes.start(vertx, new JsonObject().put("http", new JsonObject().put("tls",
          new JsonObject().put("certPath", cert.toString()).put("keyPath", key.toString())))).httpPort();
      PemTrustOptions trust = new PemTrustOptions().addCertPath(cert.toString());
      WebClient https = WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustOptions(trust));
      var runtimes = https.request(HttpMethod.GET, port, "127.0.0.1", "/api/v1/runtimes").send().await();
      assertThat(runtimes.statusCode()).isEqualTo(200);
      JsonObject session = https.request(HttpMethod.POST, port, "127.0.0.1", "/api/v1/sessions")
          .sendJsonObject(new JsonObject().put("runtime", "bash")).await().bodyAsJsonObject();

      var wss = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true).setTrustOptions(trust));
      var ws = wss.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
          .setURI("/api/v1/sessions/" + session.getString("id") + "/ws?token=" + session.getString("writeToken")))
          .await(20, TimeUnit.SECONDS);
      assertThat(ws.isSsl()).isTrue();
      ws.close();

      WebClient plain = WebClient.create(vertx);
      assertThat(plain.request(HttpMethod.GET, port, "127.0.0.1", "/api/v1/runtimes").send()
          .otherwise(e -> null).await()).as("plain HTTP on the TLS port gets nothing").isNull();
    } finally {
      vertx.close().await();
    }
  }
}
