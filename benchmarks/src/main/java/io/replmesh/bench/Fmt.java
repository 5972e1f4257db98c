package io.replmesh.bench;

import java.util.Locale;

/** Number formats of the tables: fixed decimals, so that columns line up and diff well. */
final class Fmt {
  private Fmt() {}

  /** Milliseconds: three decimals below 10 ms (µs resolution), one above. */
  static String ms(double ms) {
    return String.format(Locale.ROOT, ms < 10 ? "%.3f" : "%.1f", ms);
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
  }

  static String num(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
