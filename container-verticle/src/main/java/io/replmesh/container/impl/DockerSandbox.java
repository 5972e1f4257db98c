package io.replmesh.container.impl;

import io.replmesh.container.Sandbox;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One docker container per REPL process, started by the docker CLI inside the pseudo-terminal
 * ({@code docker run -i -t}), so keystrokes, Ctrl-C and window sizes reach the REPL as they do
 * without a sandbox. The container has no network, a read-only root, no capabilities, a
 * non-root user, memory (without swap), CPU and pids limits, a size-capped /tmp, and the
 * session's workspace bound at /workspace (see {@link DockerCommand}, {@link DockerMonitor}).
 *
 * <p>Configuration: {@code sandbox.docker}, see {@link DockerSettings}.
 */
public final class DockerSandbox implements Sandbox {
  private static final Logger log = LoggerFactory.getLogger(DockerSandbox.class);
  private static final Duration QUICK = Duration.ofSeconds(10);
  /** Removing a container that is still running means stopping it first, which can take a while. */
  private static final Duration REMOVAL = Duration.ofSeconds(30);

  private final String node;
  private final DockerSettings settings;
  private final DockerCli cli;
  private final DockerMonitor monitor;

  public DockerSandbox(String node, JsonObject sandboxConfig) {
    this.node = node;
    this.settings = DockerSettings.fromJson(sandboxConfig.getJsonObject("docker", new JsonObject()));
    this.cli = new DockerCli(settings.dockerCommand());
    this.monitor = new DockerMonitor(cli, settings.monitorMs());
  }

  @Override
  public String name() {
    return "docker";
  }

  /** Null when the daemon answers and every configured image is there, else what is wrong. Blocking. */
  public String problem() {
    DockerCli.Result version = cli.run(QUICK, "version", "-f", "{{.Server.Version}}");
    if (!version.ok()) {
      return "docker does not answer: " + version.output().strip();
    }
    Set<String> images = new LinkedHashSet<>(settings.images().values());
    images.add(settings.image());
    for (String image : images) {
      if (!cli.run(QUICK, "image", "inspect", image).ok()) {
        return "docker image " + image + " is missing (.ci/docker-setup.sh builds the local base image)";
      }
    }
    return null;
  }

  @Override
  public LaunchPlan plan(LaunchRequest request) throws IOException {
    grantWorkspace(request.workspace());
    String name = DockerCommand.containerName(node, request.processId());
    long cap = (long) request.runtime().limits().workspaceMb() << 20;
    DockerMonitor.Watch watch = monitor.watch(name, request.workspace(), cap);
    List<String> command = DockerCommand.run(settings, node, name, request, watch.fileSizeLimit());
    return new LaunchPlan(command, cliEnvironment(request.env()), request.workspace(), watch);
  }

  /**
   * Removes the container, which may outlive the docker CLI (a forced kill of the CLI leaves it
   * running), after asking whether the kernel killed it for its memory: that answer goes with it.
   */
  @Override
  public String release(LaunchPlan plan, int exitCode) {
    DockerMonitor.Watch watch = (DockerMonitor.Watch) plan.handle();
    monitor.stop(watch);
    DockerCli.Result oom = cli.run(QUICK, "inspect", "-f", "{{.State.OOMKilled}}", watch.name);
    DockerCli.Result removed = cli.run(REMOVAL, "rm", "-f", watch.name);
    if (!removed.ok() && !removed.output().contains("No such container")) {
      log.warn("container {} could not be removed: {}", watch.name, removed.output().strip());
    }
    if (watch.diskExceeded()) {
      return ExitReasons.DISK_LIMIT;
    }
    if (oom.ok() && oom.output().strip().equals("true")) {
      return ExitReasons.MEMORY_LIMIT;
    }
    if (watch.pidsExhausted()) {
      return ExitReasons.PIDS_LIMIT;
    }
    return ExitReasons.fromExitCode(exitCode);
  }

  /**
   * Removes every container labelled with this node: what a crash of its previous run left. A
   * daemon that cannot be asked fails the start, since this node could not run any REPL either.
   */
  @Override
  public void removeStale(String nodeName) {
    DockerCli.Result listed = cli.run(QUICK, "ps", "-aq", "--filter", "label=" + DockerCommand.NODE_LABEL + "=" + nodeName);
    if (!listed.ok()) {
      throw new IllegalStateException("sandbox.type is docker, but docker does not answer: " + listed.output().strip());
    }
    List<String> stale = listed.lines();
    if (stale.isEmpty()) {
      return;
    }
    List<String> args = new ArrayList<>(List.of("rm", "-f"));
    args.addAll(stale);
    DockerCli.Result removed = cli.run(REMOVAL, args.toArray(String[]::new));
    if (removed.ok()) {
      log.info("removed {} stale container(s) of node {}", stale.size(), nodeName);
    } else {
      log.warn("stale containers of node {} not all removed: {}", nodeName, removed.output().strip());
    }
  }

  /**
   * Makes the workspace, and whatever the node restored into it, the container user's. A node
   * that may not chown (not root) opens the directory to everyone instead.
   */
  private void grantWorkspace(Path workspace) throws IOException {
    try (Stream<Path> paths = Files.walk(workspace)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Files.setAttribute(path, "unix:uid", settings.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", settings.gid(), LinkOption.NOFOLLOW_LINKS);
      }
    } catch (FileSystemException e) {
      log.warn("cannot give {} to uid {} ({}); making it world-writable", workspace, settings.uid(), e.getMessage());
      Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxrwx"));
    }
  }

  /** The docker CLI's own environment: where to find docker, not the REPL's (that goes in with -e). */
  private static Map<String, String> cliEnvironment(Map<String, String> replEnv) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", replEnv.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
    env.put("HOME", System.getProperty("user.home"));
    System.getenv().forEach((key, value) -> {
      if (key.startsWith("DOCKER_")) {
        env.put(key, value);
      }
    });
    return env;
  }
}
