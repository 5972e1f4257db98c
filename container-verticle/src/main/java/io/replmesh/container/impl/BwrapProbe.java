package io.replmesh.container.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether bubblewrap works here, tried once per JVM the way the sandbox will run it: as an
 * unprivileged uid when the node is root (unprivileged user namespaces may be disabled, e.g. by
 * AppArmor or a sysctl), with every namespace. Also which of the newer options this bwrap has.
 * Blocking.
 */
public final class BwrapProbe {
  private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)");

  /**
   * @param disableUserns {@code --disable-userns} (bwrap 0.8+): no nested user namespaces
   * @param tmpfsSize     {@code --size} for {@code --tmpfs} (0.7+); without it /tmp is bounded
   *                      only by the memory limit, which tmpfs pages count against
   */
  record Features(boolean disableUserns, boolean tmpfsSize) {
    static final Features ALL = new Features(true, true);
  }

  private record Outcome(String problem, Features features) {}

  private static volatile Outcome outcome;

  private BwrapProbe() {}

  /** Null when bwrap works, else why not. */
  public static String problem() {
    return probe().problem;
  }

  static Features features() {
    return probe().features;
  }

  private static Outcome probe() {
    if (outcome == null) {
      synchronized (BwrapProbe.class) {
        if (outcome == null) {
          outcome = run();
        }
      }
    }
    return outcome;
  }

  private static Outcome run() {
    Features none = new Features(false, false);
    try {
      String bwrap = BwrapCommand.tool("bwrap");
      Features features = features(exec(List.of(bwrap, "--version")));
      List<String> command = new ArrayList<>();
      if (BwrapSandbox.nodeIsRoot()) {
        command.addAll(List.of(BwrapCommand.tool("setpriv"), "--reuid=65534", "--regid=65534", "--clear-groups",
            "--inh-caps=-all"));
        BwrapCommand.tool("unshare");
        BwrapCommand.tool("mount");
      }
      BwrapCommand.tool("prlimit");
      command.addAll(List.of(bwrap, "--unshare-all", "--unshare-user", "--die-with-parent"));
      if (features.disableUserns()) {
        command.add("--disable-userns");
      }
      // The same mounts a session gets: in a container whose /proc is masked, bwrap --proc fails here, not per session.
      command.addAll(List.of("--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
          "--cap-drop", "ALL", "/usr/bin/env", "--default-signal=INT", "true"));
      exec(command);
      return new Outcome(null, features);
    } catch (IOException e) {
      return new Outcome(e.getMessage(), none);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome("interrupted while probing bwrap", none);
    }
  }

  /** From {@code bubblewrap 0.8.0}. */
  static Features features(String version) {
    Matcher m = VERSION.matcher(version);
    if (!m.find()) {
      return new Features(false, false);
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    return new Features(major > 0 || minor >= 8, major > 0 || minor >= 7);
  }

  private static String exec(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(command.get(0) + " did not finish within 10 s");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (process.exitValue() != 0) {
      throw new IOException("bwrap failed (exit " + process.exitValue() + "): " + output);
    }
    return output;
  }
}
