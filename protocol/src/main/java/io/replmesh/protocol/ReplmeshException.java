package io.replmesh.protocol;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/** A failure with an {@link ErrorCode}; being a ReplyException, it crosses the event bus intact. */
public final class ReplmeshException extends ReplyException {
  private final ErrorCode code;

  ReplmeshException(ErrorCode code, String message) {
    super(ReplyFailure.RECIPIENT_FAILURE, code.failureCode(), message);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
