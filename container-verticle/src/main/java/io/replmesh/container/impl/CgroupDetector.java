package io.replmesh.container.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds which cgroup version this node can use and where its own group is, from
 * {@code /proc/self/mountinfo} and {@code /proc/self/cgroup}. v2 wins when the unified
 * hierarchy offers memory and pids (hybrid hosts mount it with no controllers, as here);
 * else v1 when memory and pids are mounted; else none. Groups nest under the node's own
 * group so that whatever limits the node itself runs under also cover its sandboxes.
 */
public final class CgroupDetector {
  static final List<String> WANTED = List.of("memory", "cpu", "pids");
  private static final Pattern OCTAL_ESCAPE = Pattern.compile("\\\\([0-7]{3})");

  /** What was found; {@code problem} says why {@code cgroups} is {@link Cgroups#NONE}. */
  public record Result(Cgroups cgroups, String problem) {}

  private record Mount(String root, Path point, String type, Set<String> options) {}

  private CgroupDetector() {}

  /** Detects and checks that the groups are writable (creating {@code replmesh/} in them). */
  public static Result detect() {
    try {
      return detect(Files.readAllLines(Path.of("/proc/self/mountinfo")), Files.readAllLines(Path.of("/proc/self/cgroup")));
    } catch (IOException e) {
      return new Result(Cgroups.NONE, "cannot read /proc/self: " + e.getMessage());
    }
  }

  static Result detect(List<String> mountinfo, List<String> selfCgroup) {
    List<Mount> mounts = mountinfo.stream().map(CgroupDetector::parse).filter(m -> m != null).toList();
    Map<String, String> own = ownPaths(selfCgroup);
    try {
      CgroupV2 v2 = v2(mounts, own);
      if (v2 != null) {
        v2.delegate();
        return new Result(v2, null);
      }
      CgroupV1 v1 = v1(mounts, own);
      if (v1 != null) {
        v1.checkWritable();
        return new Result(v1, null);
      }
      return new Result(Cgroups.NONE, "no cgroup hierarchy with the memory and pids controllers is mounted");
    } catch (IOException e) {
      return new Result(Cgroups.NONE, "cgroups are not writable by this node (" + e + ")");
    }
  }

  private static CgroupV2 v2(List<Mount> mounts, Map<String, String> own) throws IOException {
    Mount mount = mounts.stream().filter(m -> m.type.equals("cgroup2")).findFirst().orElse(null);
    if (mount == null || !own.containsKey("")) {
      return null;
    }
    String ownPath = own.get("");
    Path dir = under(mount, ownPath);
    Path controllersFile = dir.resolve("cgroup.controllers");
    if (!Files.exists(controllersFile)) {
      return null;
    }
    Set<String> offered = Set.of(Files.readString(controllersFile).trim().split("\\s+"));
    Set<String> usable = new LinkedHashSet<>(WANTED);
    usable.retainAll(offered);
    if (!usable.containsAll(List.of("memory", "pids"))) {
      return null;
    }
    return new CgroupV2(dir, usable, dir.equals(mount.point));
  }

  private static CgroupV1 v1(List<Mount> mounts, Map<String, String> own) {
    Map<String, Path> parents = new LinkedHashMap<>();
    for (String controller : WANTED) {
      mounts.stream()
          .filter(m -> m.type.equals("cgroup") && m.options.contains(controller))
          .findFirst()
          .ifPresent(m -> parents.put(controller, under(m, own.getOrDefault(controller, "/"))));
    }
    return parents.keySet().containsAll(List.of("memory", "pids")) ? new CgroupV1(parents) : null;
  }

  /** The host directory of a group path as /proc/self/cgroup shows it, in the given mount. */
  private static Path under(Mount mount, String groupPath) {
    String relative = groupPath.startsWith(mount.root) ? groupPath.substring(mount.root.length()) : groupPath;
    relative = relative.replaceAll("^/+", "");
    return relative.isEmpty() ? mount.point : mount.point.resolve(relative);
  }

  /** Controller → own group path; the key "" is the v2 (unified) group. */
  private static Map<String, String> ownPaths(List<String> selfCgroup) {
    Map<String, String> own = new HashMap<>();
    for (String line : selfCgroup) {
      String[] parts = line.split(":", 3);
      if (parts.length == 3) {
        for (String controller : parts[1].split(",")) {
          own.put(controller, parts[2]);
        }
      }
    }
    return own;
  }

  /** {@code id parent dev root point opts [optional...] - type source superopts}. */
  private static Mount parse(String line) {
    String[] fields = line.split(" ");
    int dash = Arrays.asList(fields).indexOf("-");
    if (dash < 6 || fields.length < dash + 4) {
      return null;
    }
    String type = fields[dash + 1];
    if (!type.equals("cgroup") && !type.equals("cgroup2")) {
      return null;
    }
    return new Mount(unescape(fields[3]), Path.of(unescape(fields[4])), type, Set.of(fields[dash + 3].split(",")));
  }

  private static String unescape(String field) {
    Matcher m = OCTAL_ESCAPE.matcher(field);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 8))));
    }
    return m.appendTail(out).toString();
  }
}
