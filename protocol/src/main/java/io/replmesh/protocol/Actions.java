package io.replmesh.protocol;

import io.vertx.core.eventbus.DeliveryOptions;

/**
 * Event-bus message kinds, carried in the {@value #HEADER} header. The body is a JsonObject.
 */
public final class Actions {
  private Actions() {}

  public static final String HEADER = "action";

  /** Delivery options carrying {@code action} in the {@value #HEADER} header. */
  public static DeliveryOptions options(String action) {
    return new DeliveryOptions().addHeader(HEADER, action);
  }

  // to a session host: replmesh.host.NODE
  /** {runtime, files?, placed?} → session descriptor with tokens. */
  public static final String CREATE = "create";
  /** {id}: this node now owns session id (the registry says so): bring it back here. */
  public static final String ADOPT = "adopt";
  /** {} → {nodes:[{name, nodeId, sessions, draining, live}]}: the cluster as this node sees it. */
  public static final String CLUSTER = "cluster";
  /** {}: hand every local session to other nodes, then report. */
  public static final String DRAIN = "drain";
  /** {} → {ready, draining, quorum, members, sessions}: can this node route and own sessions? */
  public static final String HEALTH = "health";

  // to a session: replmesh.session.ID
  /** {token, alias, after?} → {hello fields, replay:[output frames], participants}. */
  public static final String JOIN = "join";
  /** {userId}; no reply needed. */
  public static final String LEAVE = "leave";
  /** {userId, data}. */
  public static final String INPUT = "input";
  /** {userId, cols, rows}. */
  public static final String RESIZE = "resize";
  /** {userId, alias}. */
  public static final String ALIAS = "alias";
  /** {userId, code} → {userId, code, ok, result|error}, also published as an {@code executed} frame. */
  public static final String EXECUTE = "execute";
  /** {} → [{userId, alias}]: an open session's participants (repl-server's activeUsers). */
  public static final String ACTIVE_USERS = "active-users";
  /** {userId}: end the process but keep the session (further-link's stop). */
  public static final String STOP = "stop";
  /** {token} → session info. */
  public static final String INFO = "info";
  /** {after} → {frames:[output frames after that seq]}. */
  public static final String REPLAY = "replay";
  /** {token}: end the process and close every socket. */
  public static final String CLOSE = "close";
  /** {token}: end the process and start a fresh one (e.g. after a limit killed it). */
  public static final String RESTART = "restart";
  /** {token, files:{path:text}}: add files to the workspace. */
  public static final String FILES = "files";
  /** {}: stop here for a drain: end the process, write the last recovery snapshot, reply. */
  public static final String HANDOVER = "handover";

  // to a container: replmesh.container.NODE
  /** {processId, sessionId, runtime, cols, rows, pty?, file?} → {pid}. */
  public static final String SPAWN = "spawn";
  /** {sessionId}: delete a closed session's workspace. */
  public static final String REMOVE_WORKSPACE = "remove-workspace";
  /** {sessionId, files:{path:text}}: write files into the session's workspace (paths checked). */
  public static final String WRITE_FILES = "write-files";

  // to a process: replmesh.process.PID
  /** {data}. */
  public static final String WRITE = "write";
  /** {cols, rows}. */
  public static final String WINSIZE = "winsize";
  /** {}: the session has consumed one output chunk; the pump may read another. */
  public static final String CREDIT = "credit";
  /** {}: end the process (and its sandbox). */
  public static final String KILL = "kill";
  /** {}: close the program's standard input (end of file, for programs on pipes). */
  public static final String CLOSE_INPUT = "close-input";

  // from a process: replmesh.process.PID.events
  /** {data, stream}: a chunk of whole UTF-8 characters from {@code stdout} (or a pty) or {@code stderr}. */
  public static final String OUTPUT = "output";
  /** {exitCode, reason}. */
  public static final String EXIT = "exit";
}
