package io.replmesh.protocol;

import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * Every failure replmesh reports, with its snake_case wire code and HTTP status. The same
 * code travels as an event-bus failure code (its {@link #failureCode()}) between nodes, as
 * {@code {"code","message"}} in HTTP error bodies and as an {@code error} websocket frame.
 */
public enum ErrorCode {
  BAD_REQUEST("bad_request", 400),
  UNKNOWN_RUNTIME("unknown_runtime", 400),
  BAD_FRAME("bad_frame", 400),
  UNKNOWN_TYPE("unknown_type", 400),
  BAD_PATH("bad_path", 400),
  MISSING_TOKEN("missing_token", 401),
  FORBIDDEN("forbidden", 403),
  FORBIDDEN_ORIGIN("forbidden_origin", 403),
  READ_ONLY("read_only", 403),
  SESSION_NOT_FOUND("session_not_found", 404),
  NOT_FOUND("not_found", 404),
  SESSION_CLOSED("session_closed", 410),
  PAYLOAD_TOO_LARGE("payload_too_large", 413),
  RATE_LIMITED("rate_limited", 429),
  USER_CAP("user_cap", 429),
  NOT_RUNNING("not_running", 409),
  SPAWN_FAILED("spawn_failed", 500),
  INTERNAL("internal_error", 500),
  UNAVAILABLE("unavailable", 503),
  AT_CAPACITY("at_capacity", 503);

  /** Event-bus failure codes live above this, clear of Vert.x's own small codes. */
  private static final int FAILURE_BASE = 4000;

  private final String wire;
  private final int httpStatus;

  ErrorCode(String wire, int httpStatus) {
    this.wire = wire;
    this.httpStatus = httpStatus;
  }

  public String wire() {
    return wire;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int failureCode() {
    return FAILURE_BASE + ordinal();
  }

  /** A failure to reply with over the event bus; {@link #of(Throwable)} reads it back. */
  public ReplmeshException exception(String message) {
    return new ReplmeshException(this, message);
  }

  public JsonObject toJson(String message) {
    return new JsonObject().put("code", wire).put("message", message);
  }

  /** Answers a request with {@code outcome}'s result, or with the code its failure stands for. */
  public static void replyWhenDone(Message<?> request, Future<?> outcome) {
    outcome.onComplete(ar -> {
      if (ar.succeeded()) {
        request.reply(ar.result());
      } else {
        failReply(request, ar.cause());
      }
    });
  }

  /** Answers a request with the code and message a failure stands for. */
  public static void failReply(Message<?> request, Throwable failure) {
    request.fail(of(failure).failureCode(), failure.getMessage());
  }

  /**
   * The code a failure stands for: our own codes survive the event bus (also across
   * nodes), and "nobody listens at that address" means the session is gone.
   */
  public static ErrorCode of(Throwable failure) {
    if (failure instanceof ReplmeshException e) {
      return e.code();
    }
    if (failure instanceof ReplyException re) {
      if (re.failureType() == ReplyFailure.NO_HANDLERS) {
        return SESSION_NOT_FOUND;
      }
      if (re.failureType() == ReplyFailure.TIMEOUT) {
        return UNAVAILABLE;
      }
      int index = re.failureCode() - FAILURE_BASE;
      if (index >= 0 && index < values().length) {
        return values()[index];
      }
    }
    return INTERNAL;
  }
}
