package io.replmesh.container.impl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Short, blocking calls of the docker CLI (inspect, kill, rm, ps) with a time limit each, so a
 * daemon that hangs cannot hang a worker thread for ever. Never call it from an event loop.
 */
final class DockerCli {
  /** Reads each call's output while it runs, so a full pipe can never stall the CLI. */
  private static final ExecutorService READERS = DaemonThreads.cachedPool("docker-cli");

  /** What a call printed (stdout and stderr together) and its exit code; -1 if it did not finish. */
  record Result(int exitCode, String output) {
    boolean ok() {
      return exitCode == 0;
    }

    List<String> lines() {
      return output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
  }

  private final String command;

  DockerCli(String command) {
    this.command = command;
  }

  Result run(Duration timeout, String... args) {
    List<String> argv = new ArrayList<>(List.of(command));
    argv.addAll(List.of(args));
    Process process;
    try {
      process = new ProcessBuilder(argv).redirectErrorStream(true).start();
      process.getOutputStream().close();
    } catch (IOException e) {
      return new Result(-1, "cannot run " + command + ": " + e.getMessage());
    }
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()), READERS);
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return new Result(-1, String.join(" ", argv) + " did not finish within " + timeout.toSeconds() + " s");
      }
      return new Result(process.exitValue(), output.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return new Result(-1, "interrupted");
    } catch (Exception e) {
      return new Result(-1, "cannot read the output of " + String.join(" ", argv) + ": " + e);
    }
  }

  private static String readAll(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
