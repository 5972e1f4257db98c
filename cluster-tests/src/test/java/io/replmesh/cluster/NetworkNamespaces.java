package io.replmesh.cluster;

import io.replmesh.testkit.Requirements;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Test hosts for a real network partition: one Linux network namespace per node, each
 * with a veth into a bridge of its own in a private 10.231.x.0/24 subnet. Cutting a node's
 * veth (link down) partitions it from all the others; bringing it up heals. Needs root and
 * iproute2; everything it creates is removed on close.
 */
final class NetworkNamespaces implements AutoCloseable {
  private final String prefix = "rm" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
  private final int subnet = 1 + ThreadLocalRandom.current().nextInt(250);
  private final List<String> namespaces = new ArrayList<>();
  private boolean forwardRule;

  static NetworkNamespaces create(int hosts) throws Exception {
    Requirements.require(isRoot() && run("ip", "-V") == 0, "root and iproute2 (network namespaces for the partition test)");
    NetworkNamespaces net = new NetworkNamespaces();
    try {
      net.setUp(hosts);
    } catch (Exception e) {
      net.close();
      throw e;
    }
    return net;
  }

  private void setUp(int hosts) throws IOException, InterruptedException {
    must("ip", "link", "add", bridge(), "type", "bridge");
    must("ip", "addr", "add", "10.231." + subnet + ".254/24", "dev", bridge());
    must("ip", "link", "set", bridge(), "up");
    // Docker sets the FORWARD policy to DROP, which also drops bridged traffic between the hosts.
    forwardRule = run("iptables", "-I", "FORWARD", "-i", bridge(), "-o", bridge(), "-j", "ACCEPT") == 0;
    for (int i = 1; i <= hosts; i++) {
      String ns = prefix + "n" + i;
      must("ip", "netns", "add", ns);
      namespaces.add(ns);
      must("ip", "link", "add", inner(i), "type", "veth", "peer", "name", outer(i));
      must("ip", "link", "set", inner(i), "netns", ns);
      must("ip", "link", "set", outer(i), "master", bridge());
      must("ip", "link", "set", outer(i), "up");
      must("ip", "netns", "exec", ns, "ip", "addr", "add", host(i) + "/24", "dev", inner(i));
      must("ip", "netns", "exec", ns, "ip", "link", "set", inner(i), "up");
      must("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
    }
  }

  /** The address of test host {@code i} (1-based), reachable from the test through the bridge. */
  String host(int i) {
    return "10.231." + subnet + "." + i;
  }

  /** The command prefix that runs a program on test host {@code i}. */
  List<String> exec(int i) {
    return List.of("ip", "netns", "exec", prefix + "n" + i);
  }

  void cut(int i) throws IOException, InterruptedException {
    must("ip", "link", "set", outer(i), "down");
  }

  void heal(int i) throws IOException, InterruptedException {
    must("ip", "link", "set", outer(i), "up");
  }

  private String bridge() {
    return prefix + "br";
  }

  private String inner(int i) {
    return prefix + "v" + i;
  }

  private String outer(int i) {
    return prefix + "v" + i + "b";
  }

  @Override
  public void close() throws Exception {
    for (String ns : namespaces) {
      run("ip", "netns", "del", ns);
    }
    run("ip", "link", "del", bridge());
    if (forwardRule) {
      run("iptables", "-D", "FORWARD", "-i", bridge(), "-o", bridge(), "-j", "ACCEPT");
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void must(String... command) throws IOException, InterruptedException {
    int code = run(command);
    if (code != 0) {
      throw new IOException(String.join(" ", command) + " exited with " + code);
    }
  }

  private static int run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      return p.waitFor(20, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
