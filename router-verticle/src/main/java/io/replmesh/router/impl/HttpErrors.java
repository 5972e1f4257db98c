package io.replmesh.router.impl;

import io.replmesh.protocol.ErrorCode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every HTTP error leaves as JSON {@code {"code","message"}} with the code's status. */
public final class HttpErrors {
  private static final Logger log = LoggerFactory.getLogger(HttpErrors.class);

  private HttpErrors() {}

  public static void send(RoutingContext ctx, ErrorCode code, String message) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    response.setStatusCode(code.httpStatus())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(code.toJson(message).encode());
  }

  public static void send(RoutingContext ctx, Throwable failure) {
    ErrorCode code = ErrorCode.of(failure);
    if (code == ErrorCode.INTERNAL) {
      log.error("request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
    }
    send(ctx, code, code == ErrorCode.SESSION_NOT_FOUND ? "no such session" : String.valueOf(failure.getMessage()));
  }

  /** The router's failure handler: also catches errors raised by Vert.x Web itself (e.g. body too large). */
  public static void handleFailure(RoutingContext ctx) {
    if (ctx.failure() != null) {
      send(ctx, ctx.failure());
      return;
    }
    switch (ctx.statusCode()) {
      case 413 -> send(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "request body too large");
      case 404 -> send(ctx, ErrorCode.NOT_FOUND, "no such resource");
      case 400 -> send(ctx, ErrorCode.BAD_REQUEST, "bad request");
      default -> send(ctx, ErrorCode.INTERNAL, "status " + ctx.statusCode());
    }
  }
}
