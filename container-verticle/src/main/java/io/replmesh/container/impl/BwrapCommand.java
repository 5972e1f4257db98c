package io.replmesh.container.impl;

import io.replmesh.protocol.RuntimeSpec.Limits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line that starts one sandboxed REPL in the pseudo-terminal. Every step execs the
 * next, so the pty's child is, in the end, bwrap itself (and bwrap's parent is the node, which
 * {@code --die-with-parent} relies on):
 *
 * <pre>
 * env --ignore-signal=INT,QUIT,TSTP        Ctrl-C must reach the REPL, not kill bwrap
 *  unshare --mount                          (as root) a private mount table for the staging binds
 *   sh -c 'join cgroups; bind stage; exec'  before anything of the user's runs
 *    prlimit --core --fsize --nofile [--nproc]
 *     setpriv --reuid=U ... --inh-caps=-all (as root) a real unprivileged host uid
 *      bwrap --unshare-all ...              namespaces, read-only system, /workspace
 *       env --default-signal=INT REPL       undo the first step for the REPL alone
 * </pre>
 *
 * <p>Staging: bwrap runs unprivileged and resolves every bind source by path, so it cannot
 * reach a workspace or runtime whose parents the sandbox uid may not traverse (/root is 0700
 * and holds pyenv here). As root, the launcher first binds them onto fixed, traversable
 * placeholders in a private mount namespace that nobody else sees.
 */
final class BwrapCommand {
  /** Puts the process id on bwrap's command line, where the disk guard looks for the sandbox to kill. */
  static final String MARKER_ENV = "REPLMESH_PROCESS_ID";
  static final String SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  private static final List<String> TOP_LEVEL_LINKS = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");

  /**
   * One launch; {@code uid} is ignored unless the node is root; {@code nproc} is RLIMIT_NPROC,
   * 0 for none (it counts per uid, so it only fits when each session has its own);
   * {@code fileSize} is RLIMIT_FSIZE in bytes.
   */
  record Launch(String processId, Path workspace, Limits limits, BwrapExecutables.Resolved runtime, List<String> args,
                Map<String, String> env, int uid, int nproc, long fileSize, List<Path> cgroupProcs, String cwd) {
    Launch(String processId, Path workspace, Limits limits, BwrapExecutables.Resolved runtime, List<String> args,
           Map<String, String> env, int uid, int nproc, long fileSize, List<Path> cgroupProcs) {
      this(processId, workspace, limits, runtime, args, env, uid, nproc, fileSize, cgroupProcs, "");
    }
  }

  private final boolean privileged;
  private final Path stage;
  private final int nofile;
  private final BwrapProbe.Features features;

  /**
   * @param privileged whether the node is root: then it stages binds and drops to a uid itself
   * @param stage      a root-owned directory for the staging placeholders
   * @param features   what this bwrap supports
   */
  BwrapCommand(boolean privileged, Path stage, int nofile, BwrapProbe.Features features) {
    this.privileged = privileged;
    this.stage = stage;
    this.nofile = nofile;
    this.features = features;
  }

  List<String> build(Launch launch) throws IOException {
    List<String> command = new ArrayList<>(List.of(tool("env"), "--ignore-signal=INT,QUIT,TSTP"));
    List<Path> sources = new ArrayList<>(launch.runtime().binds());
    Path workspace = launch.workspace();
    String script = joinCgroups(launch.cgroupProcs());
    if (privileged) {
      command.addAll(List.of(tool("unshare"), "--mount", "--propagation", "private"));
      StringBuilder binds = new StringBuilder();
      workspace = stageBind(binds, workspace, "ws");
      for (int i = 0; i < sources.size(); i++) {
        sources.set(i, stageBind(binds, sources.get(i), "r" + i));
      }
      script += binds;
    }
    if (!script.isEmpty()) {
      command.addAll(List.of(tool("sh"), "-c", "set -e\n" + script + "exec \"$@\"", "replmesh-launch"));
    }
    command.addAll(rlimits(launch));
    if (privileged) {
      String id = String.valueOf(launch.uid());
      command.addAll(List.of(tool("setpriv"), "--reuid=" + id, "--regid=" + id, "--clear-groups", "--inh-caps=-all"));
    }
    command.addAll(bwrap(launch, workspace, sources));
    command.addAll(List.of("/usr/bin/env", "--default-signal=INT", launch.runtime().executable().toString()));
    command.addAll(launch.args());
    return command;
  }

  private static String joinCgroups(List<Path> procs) {
    if (procs.isEmpty()) {
      return "";
    }
    StringBuilder files = new StringBuilder();
    procs.forEach(p -> files.append(' ').append(quote(p.toString())));
    return "for f in" + files + "; do echo $$ > \"$f\"; done\n";
  }

  private Path stageBind(StringBuilder script, Path source, String name) throws IOException {
    Path target = stage.resolve(name);
    Files.createDirectories(target);
    script.append(tool("mount")).append(" --bind ").append(quote(source.toString())).append(' ')
        .append(quote(target.toString())).append('\n');
    return target;
  }

  private List<String> rlimits(Launch launch) throws IOException {
    List<String> prlimit = new ArrayList<>(List.of(tool("prlimit"), "--core=0", "--fsize=" + launch.fileSize(),
        "--nofile=" + nofile));
    if (launch.nproc() > 0) {
      prlimit.add("--nproc=" + launch.nproc());
    }
    return prlimit;
  }

  private List<String> bwrap(Launch launch, Path workspace, List<Path> sources) throws IOException {
    List<String> args = new ArrayList<>(List.of(tool("bwrap"), "--unshare-all", "--unshare-user", "--die-with-parent"));
    if (features.disableUserns()) {
      args.add("--disable-userns");
    }
    args.addAll(List.of("--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"));
    args.addAll(topLevel());
    List<Path> targets = launch.runtime().binds();
    for (int i = 0; i < targets.size(); i++) {
      args.addAll(List.of("--ro-bind", sources.get(i).toString(), targets.get(i).toString()));
    }
    // bwrap's /dev is a tmpfs the sandbox owns: make it read-only, with a capped /dev/shm instead.
    args.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
    args.addAll(scratch(launch, "/dev/shm"));
    args.addAll(List.of("--remount-ro", "/dev"));
    args.addAll(scratch(launch, "/tmp"));
    String chdir = launch.cwd().isEmpty() ? "/workspace" : "/workspace/" + launch.cwd();
    args.addAll(List.of("--bind", workspace.toString(), "/workspace", "--chdir", chdir, "--clearenv"));
    launch.env().forEach((key, value) -> {
      if (!key.equals("HOME") && !key.equals("PATH")) {
        args.addAll(List.of("--setenv", key, value));
      }
    });
    String path = launch.runtime().executable().getParent() + ":" + SYSTEM_PATH;
    args.addAll(List.of("--setenv", "HOME", "/workspace", "--setenv", "PATH", path,
        "--setenv", MARKER_ENV, launch.processId(), "--hostname", "sandbox", "--cap-drop", "ALL", "--"));
    return args;
  }

  /** A private tmpfs, capped like the workspace where bwrap can; its pages count as the sandbox's memory. */
  private List<String> scratch(Launch launch, String path) {
    return features.tmpfsSize()
        ? List.of("--size", String.valueOf((long) launch.limits().workspaceMb() << 20), "--tmpfs", path)
        : List.of("--tmpfs", path);
  }

  /** /bin, /lib... as the host has them: symlinks into /usr on merged-/usr systems, else read-only binds. */
  private static List<String> topLevel() throws IOException {
    List<String> args = new ArrayList<>();
    for (String dir : TOP_LEVEL_LINKS) {
      Path path = Path.of(dir);
      if (Files.isSymbolicLink(path)) {
        args.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), dir));
      } else if (Files.isDirectory(path)) {
        args.addAll(List.of("--ro-bind", dir, dir));
      }
    }
    return args;
  }

  /** An absolute path for a system tool: the launcher runs with a minimal environment. */
  static String tool(String name) throws IOException {
    for (String dir : SYSTEM_PATH.split(":")) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IOException("the bwrap sandbox needs '" + name + "', which is not installed");
  }

  static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
