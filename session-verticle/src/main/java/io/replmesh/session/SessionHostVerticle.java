package io.replmesh.session;

import io.replmesh.protocol.Actions;
import io.replmesh.protocol.Addresses;
import io.replmesh.protocol.ErrorCode;
import io.replmesh.protocol.RuntimeSpec;
import io.replmesh.session.impl.Tokens;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One per node: creates sessions on this node, deploying one {@link SessionVerticle} each,
 * on request at {@code replmesh.host.NODE}: {@code create {runtime}} →
 * {@code {id, runtime, node, writeToken, readToken, createdAt, state}}. The reply comes once
 * the REPL process is running. Sessions are child deployments: undeploying the host ends
 * them all.
 *
 * <p>Configuration: {@code node}, {@code runtimes}, {@code session {scrollbackBytes,
 * journalBytes, spawnTimeoutMs}}.
 */
public final class SessionHostVerticle extends VerticleBase {
  private final JsonObject config;
  private final String node;
  private final Map<String, RuntimeSpec> runtimes;
  private final Set<String> live = ConcurrentHashMap.newKeySet();

  public SessionHostVerticle(JsonObject config) {
    this.config = config;
    this.node = config.getString("node");
    this.runtimes = RuntimeSpec.allFrom(config);
  }

  /** How many sessions this node owns now. */
  public int sessionCount() {
    return live.size();
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<JsonObject>consumer(Addresses.sessionHost(node), this::onMessage).completion();
  }

  private void onMessage(Message<JsonObject> message) {
    if (!Actions.CREATE.equals(message.headers().get(Actions.HEADER))) {
      message.fail(ErrorCode.UNKNOWN_TYPE.failureCode(), "unknown session host action");
      return;
    }
    create(message.body()).onComplete(ar -> {
      if (ar.succeeded()) {
        message.reply(ar.result());
      } else {
        ErrorCode.failReply(message, ar.cause());
      }
    });
  }

  private Future<JsonObject> create(JsonObject request) {
    String runtime = request == null ? null : request.getString("runtime");
    if (runtime == null || !runtimes.containsKey(runtime)) {
      return Future.failedFuture(ErrorCode.UNKNOWN_RUNTIME.exception(
          "unknown runtime '" + runtime + "'; known: " + String.join(", ", runtimes.keySet())));
    }
    String writeToken = Tokens.newToken();
    String readToken = Tokens.newToken();
    SessionSpec spec = new SessionSpec(Tokens.newSessionId(), runtime, Tokens.hash(writeToken), Tokens.hash(readToken),
        System.currentTimeMillis());
    SessionVerticle session = new SessionVerticle(spec, node, config.getJsonObject("session", new JsonObject()),
        () -> live.remove(spec.id()));
    live.add(spec.id());
    return vertx.deployVerticle(session)
        .onFailure(e -> live.remove(spec.id()))
        .recover(e -> Future.failedFuture(ErrorCode.SPAWN_FAILED.exception("the REPL did not start: " + e.getMessage())))
        .map(deploymentId -> new JsonObject().put("id", spec.id()).put("runtime", runtime).put("node", node)
            .put("writeToken", writeToken).put("readToken", readToken).put("createdAt", spec.createdAt())
            .put("state", "running"));
  }
}
