package io.replmesh.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a short command and returns its output (stdout and stderr together). */
final class Exec {
  private Exec() {}

  /** The command's output; empty when it cannot run or does not finish within {@code seconds}. */
  static String run(long seconds, String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      // Read on another thread: a command that prints much and hangs must not block us past the deadline.
      CompletableFuture<String> output = new CompletableFuture<>();
      Thread reader = new Thread(() -> {
        try {
          output.complete(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
          output.complete("");
        }
      }, "exec-" + command[0]);
      reader.setDaemon(true);
      reader.start();
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return "";
      }
      return output.get(seconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      return "";
    }
  }

  /** Whether the command exits 0 within {@code seconds}. */
  static boolean succeeds(long seconds, String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
