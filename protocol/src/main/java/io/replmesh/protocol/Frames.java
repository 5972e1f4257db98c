package io.replmesh.protocol;

/**
 * The native websocket protocol: JSON text frames, each with a {@code type}.
 *
 * <p>Client to server: {@code input {data}}, {@code resize {cols,rows}},
 * {@code alias {alias}}, {@code execute {code}}, {@code ping}.
 *
 * <p>Server to client: {@code hello {sessionId,userId,alias,role,runtime,seq}},
 * {@code output {seq,data}}, {@code joined {userId,alias,role}}, {@code left {userId,alias}},
 * {@code alias {userId,oldAlias,newAlias}}, {@code state {state,exitCode?,reason?}},
 * {@code executed {userId,code,ok,result|error}}, {@code error {code,message}}, {@code pong}.
 */
public final class Frames {
  private Frames() {}

  public static final String TYPE = "type";

  // client → server
  public static final String INPUT = "input";
  public static final String RESIZE = "resize";
  public static final String ALIAS = "alias";
  public static final String EXECUTE = "execute";
  public static final String PING = "ping";

  // server → client (ALIAS is used both ways)
  public static final String HELLO = "hello";
  public static final String OUTPUT = "output";
  public static final String JOINED = "joined";
  public static final String LEFT = "left";
  public static final String STATE = "state";
  public static final String EXECUTED = "executed";
  public static final String ERROR = "error";
  public static final String PONG = "pong";
}
