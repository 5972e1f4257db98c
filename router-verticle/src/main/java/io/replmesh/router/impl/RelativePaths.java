package io.replmesh.router.impl;

import java.util.Arrays;

/** Client-given paths must stay inside a workspace: relative, no {@code ..}, no backslashes. */
final class RelativePaths {
  private RelativePaths() {}

  /** Why {@code path} is unacceptable, or null. */
  static String problem(String path) {
    if (path == null || path.isBlank() || path.length() > 255) {
      return "a path must be 1..255 characters";
    }
    if (path.startsWith("/") || path.startsWith("~") || path.contains("\\") || path.indexOf('\0') >= 0
        || Arrays.asList(path.split("/")).contains("..")) {
      return "path '" + path + "' must be relative, without '..'";
    }
    return null;
  }
}
