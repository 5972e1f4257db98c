package io.replmesh.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A real HTTP client of one node's native API, blocking for test readability. */
public final class Api implements AutoCloseable {
  private final Vertx vertx;
  private final String host;
  private final int port;
  private final WebClient client;

  public Api(Vertx vertx, int port) {
    this(vertx, "127.0.0.1", port);
  }

  public Api(Vertx vertx, String host, int port) {
    this.vertx = vertx;
    this.host = host;
    this.port = port;
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost(host).setDefaultPort(port)
        .setConnectTimeout(5_000).setIdleTimeout(30));
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** Creates a session and returns its descriptor (id, writeToken, readToken, ...); fails unless 201. */
  public JsonObject createSession(String runtime) {
    HttpResponse<Buffer> response = send(HttpMethod.POST, "/api/v1/sessions", null,
        new JsonObject().put("runtime", runtime));
    if (response.statusCode() != 201) {
      throw new AssertionError("create " + runtime + " answered " + response.statusCode() + " " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  public HttpResponse<Buffer> send(HttpMethod method, String path, String bearer, Object body) {
    return send(method, path, bearer, body, null);
  }

  /** With a {@code Cookie} header ({@code name=value}), as a browser that has the cookie sends it. */
  public HttpResponse<Buffer> send(HttpMethod method, String path, String bearer, Object body, String cookie) {
    HttpRequest<Buffer> request = client.request(method, path);
    if (bearer != null) {
      request.bearerTokenAuthentication(bearer);
    }
    if (cookie != null) {
      request.putHeader("Cookie", cookie);
    }
    if (body == null) {
      return request.send().await();
    }
    return body instanceof JsonObject json ? request.sendJsonObject(json).await()
        : request.sendBuffer(Buffer.buffer(body.toString())).await();
  }

  public HttpResponse<Buffer> get(String path, String bearer) {
    return send(HttpMethod.GET, path, bearer, null);
  }

  /** Opens the native websocket of a session. */
  public TestSocket join(JsonObject session, String token, String alias) {
    return TestSocket.connect(vertx, host, port, wsUri(session.getString("id"), token, alias, null));
  }

  public static String wsUri(String sessionId, String token, String alias, Long after) {
    StringBuilder uri = new StringBuilder("/api/v1/sessions/").append(sessionId).append("/ws?token=")
        .append(token == null ? "" : URLEncoder.encode(token, StandardCharsets.UTF_8));
    if (alias != null) {
      uri.append("&alias=").append(URLEncoder.encode(alias, StandardCharsets.UTF_8));
    }
    if (after != null) {
      uri.append("&after=").append(after);
    }
    return uri.toString();
  }

  @Override
  public void close() {
    client.close();
  }
}
