package io.replmesh.container;

import io.replmesh.protocol.RuntimeSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How a REPL process is isolated. The container-verticle asks the sandbox to turn a
 * request into a launch plan (the command line actually run in the pseudo-terminal), runs
 * it, and hands the plan back when the process has ended so the sandbox can release what
 * it set up and say why the process ended.
 *
 * <p>Implementations are called from worker threads, never from an event loop, and must
 * be safe for concurrent use by many sessions.
 */
public interface Sandbox {

  /** The backend's name as configured: {@code process}, {@code bwrap}, {@code docker}. */
  String name();

  /** Whether processes escape nothing: the node then binds to loopback and warns. */
  default boolean isolated() {
    return true;
  }

  /** Sets up what the process needs (cgroups, a container name, ...) and says how to start it. */
  LaunchPlan plan(LaunchRequest request) throws IOException;

  /**
   * Releases what {@link #plan} set up, once the process has ended, and names the reason:
   * {@code exited}, {@code killed}, or a limit such as {@code memory_limit}, {@code pids_limit}.
   */
  String release(LaunchPlan plan, int exitCode);

  /** Removes leftovers of an earlier run of this node that crashed (containers, cgroups). */
  default void removeStale(String nodeName) {}

  /**
   * What to run.
   *
   * @param processId unique id of this process (a session may restart its process)
   * @param sessionId the session it belongs to
   * @param runtime   the runtime and its limits
   * @param workspace the session's writable, persistent directory on the host
   * @param env       the base environment (TERM, LANG, HOME...) for the REPL
   * @param cwd       the working directory, relative to the workspace ("" for the workspace itself)
   * @param tty       whether the process gets a terminal (false: plain pipes)
   */
  record LaunchRequest(String processId, String sessionId, RuntimeSpec runtime, Path workspace, Map<String, String> env,
                       String cwd, boolean tty) {
    /** A REPL in a terminal, started in the workspace itself. */
    public LaunchRequest(String processId, String sessionId, RuntimeSpec runtime, Path workspace, Map<String, String> env) {
      this(processId, sessionId, runtime, workspace, env, "", true);
    }
  }

  /**
   * How to run it.
   *
   * @param command   the full command line for the pseudo-terminal
   * @param env       the environment of that command
   * @param directory its working directory on the host
   * @param handle    the sandbox's own bookkeeping, handed back to {@link #release}
   */
  record LaunchPlan(List<String> command, Map<String, String> env, Path directory, Object handle) {
    public LaunchPlan {
      command = List.copyOf(command);
      env = Map.copyOf(env);
    }
  }
}
