package io.replmesh.container.impl;

import io.replmesh.container.Sandbox;
import io.replmesh.protocol.RuntimeSpec.Limits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each REPL under bubblewrap: new pid, net, ipc, uts, mount, cgroup and user namespaces,
 * no network, read-only /usr and /etc (plus the runtime's own install prefix), a private
 * size-capped /tmp, the session's workspace as the only writable persistent directory, no
 * capabilities, a per-session unprivileged host uid (when the node is root), cgroup limits for
 * memory, CPU and pids, rlimits, and a workspace size guard. See {@link BwrapCommand} for the
 * command line and {@link BwrapDiskGuard} for the workspace cap.
 */
public final class BwrapSandbox implements Sandbox {
  private static final Logger log = LoggerFactory.getLogger(BwrapSandbox.class);
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

  private final String node;
  private final BwrapSettings settings;
  private final boolean privileged;
  private final BwrapUids uids;
  private final Cgroups cgroups;
  private final String cgroupProblem;
  private final BwrapExecutables executables;
  private final BwrapCommand command;
  private final BwrapDiskGuard diskGuard;

  private record Handle(String sessionId, boolean leasedUid, Cgroups.Group group, BwrapDiskGuard.Watch watch) {}

  /**
   * @param config the node configuration: {@code node}, {@code workspaceRoot}, {@code sandbox {...}}
   *               (see {@link BwrapSettings})
   */
  public BwrapSandbox(JsonObject config) {
    this.node = nodeDirName(config.getString("node", "node"));
    this.settings = BwrapSettings.fromJson(config.getJsonObject("sandbox", new JsonObject()));
    this.privileged = nodeIsRoot();
    this.uids = privileged && settings.uid() == null ? BwrapUids.range(settings.uidFirst(), settings.uidCount()) : null;
    CgroupDetector.Result detected = settings.cgroups()
        ? CgroupDetector.detect() : new CgroupDetector.Result(Cgroups.NONE, "disabled by sandbox.cgroups=false");
    this.cgroups = detected.cgroups();
    this.cgroupProblem = detected.problem();
    if (cgroupProblem != null) {
      log.warn("bwrap sandbox WITHOUT cgroup limits: memory, CPU and process counts are NOT enforced: {}", cgroupProblem);
    }
    if (!privileged) {
      log.info("node is not root: sandboxes run as the node's own uid inside bwrap's user namespace");
    }
    String workspaceRoot = config.getString("workspaceRoot", "/nonexistent");
    this.executables = new BwrapExecutables(System.getenv().getOrDefault("PATH", BwrapCommand.SYSTEM_PATH),
        List.of(Path.of(System.getProperty("user.dir")), Path.of(System.getProperty("user.home")), Path.of("/root"),
            Path.of(System.getProperty("java.io.tmpdir"))), Path.of(workspaceRoot));
    this.command = new BwrapCommand(privileged, settings.stageDir(), settings.nofile(), BwrapProbe.features());
    this.diskGuard = new BwrapDiskGuard(settings.diskCheckMs());
  }

  @Override
  public String name() {
    return "bwrap";
  }

  /** What is enforced here and what is not, for the node to report (e.g. on a health endpoint). */
  public JsonObject status() {
    JsonArray enforced = new JsonArray().add("namespaces").add("rlimits").add("workspace").add("tmp");
    cgroups.controllers().forEach(enforced::add);
    return new JsonObject()
        .put("type", name())
        .put("uid", privileged ? (uids != null ? "per-session" : String.valueOf(settings.uid())) : "node")
        .put("cgroups", cgroups.version())
        .put("enforced", enforced)
        .put("problem", cgroupProblem);
  }

  /** Whether memory, CPU and pids limits are enforced by cgroups. */
  public boolean cgroupsEnforced() {
    return cgroups != Cgroups.NONE;
  }

  @Override
  public LaunchPlan plan(LaunchRequest request) throws IOException {
    String processId = safeName(request.processId());
    Limits limits = request.runtime().limits();
    List<String> runtimeCommand = request.runtime().command();
    BwrapExecutables.Resolved runtime = executables.resolve(runtimeCommand.get(0));
    int uid = -1;
    boolean leased = false;
    Cgroups.Group group = Cgroups.NO_GROUP;
    BwrapDiskGuard.Watch watch = null;
    try {
      if (privileged) {
        leased = uids != null;
        uid = leased ? uids.acquire(request.sessionId()) : settings.uid();
        own(request.workspace(), uid);
      }
      group = cgroups.create(node, processId, limits);
      watch = diskGuard.watch(processId, request.workspace(), (long) limits.workspaceMb() << 20);
      List<String> line = command.build(new BwrapCommand.Launch(processId, request.workspace(), limits, runtime,
          runtimeCommand.subList(1, runtimeCommand.size()), request.env(), uid, leased ? nproc(limits) : 0,
          watch.fileSizeLimit(), group.procsFiles(), request.cwd()));
      Map<String, String> launcherEnv = Map.of("PATH", BwrapCommand.SYSTEM_PATH, "LANG", "C.UTF-8");
      return new LaunchPlan(line, launcherEnv, Path.of("/"), new Handle(request.sessionId(), leased, group, watch));
    } catch (IOException | RuntimeException e) {
      if (watch != null) {
        diskGuard.stop(watch);
      }
      group.remove();
      if (leased) {
        uids.release(request.sessionId());
      }
      throw e;
    }
  }

  /**
   * RLIMIT_NPROC is the pids limit where no pids cgroup enforces it; else it sits a little above,
   * so that the cgroup, which records the event for {@code pids_limit}, trips first.
   */
  private int nproc(Limits limits) {
    return cgroups.controllers().contains("pids") ? limits.pids() + 8 : limits.pids();
  }

  @Override
  public String release(LaunchPlan plan, int exitCode) {
    Handle handle = (Handle) plan.handle();
    diskGuard.stop(handle.watch);
    String reason = handle.watch.exceeded.get() ? ExitReasons.DISK_LIMIT : handle.group.limitHit();
    try {
      handle.group.remove();
    } catch (RuntimeException e) {
      log.warn("cgroup left behind: {}", e.getMessage());
    }
    if (handle.leasedUid) {
      uids.release(handle.sessionId);
    }
    return reason != null ? reason : ExitReasons.fromExitCode(exitCode);
  }

  @Override
  public void removeStale(String nodeName) {
    cgroups.removeStale(nodeDirName(nodeName));
  }

  /** The sandbox uid owns the workspace (never following a link the last user left in it). */
  private static void own(Path workspace, int uid) throws IOException {
    Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwx------"));
    try (Stream<Path> files = Files.walk(workspace)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (!Integer.valueOf(uid).equals(Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS))) {
          Files.setAttribute(file, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
          Files.setAttribute(file, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
        }
      }
    }
  }

  /** Node names may hold anything (host:port...); the cgroup directory gets a safe spelling. */
  private static String nodeDirName(String node) {
    String name = node.replaceAll("[^A-Za-z0-9_.-]", "_").replaceFirst("^\\.", "_");
    return safeName(name.substring(0, Math.min(name.length(), 128)));
  }

  private static String safeName(String name) {
    if (name == null || !SAFE_NAME.matcher(name).matches() || name.startsWith(".")) {
      throw new IllegalArgumentException("not usable as a cgroup name: " + name);
    }
    return name;
  }

  static boolean nodeIsRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException e) {
      return false;
    }
  }
}
