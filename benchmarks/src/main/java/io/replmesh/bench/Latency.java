package io.replmesh.bench;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/** A latency distribution in nanoseconds (HdrHistogram, 3 significant digits), reported in ms. */
final class Latency {
  private final Histogram histogram = new SynchronizedHistogram(1, 120_000_000_000L, 3);

  void record(long nanos) {
    histogram.recordValue(Math.max(1, Math.min(nanos, histogram.getHighestTrackableValue())));
  }

  long count() {
    return histogram.getTotalCount();
  }

  /** The {@code percentile} (0-100) in milliseconds. */
  double ms(double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1e6;
  }

  double p50() {
    return ms(50);
  }

  double p99() {
    return ms(99);
  }

  double maxMs() {
    return histogram.getMaxValue() / 1e6;
  }

  JsonObject toJson() {
    return new JsonObject().put("count", count()).put("p50Ms", p50()).put("p99Ms", p99()).put("p999Ms", ms(99.9))
        .put("maxMs", maxMs()).put("meanMs", histogram.getMean() / 1e6);
  }

  /** Cells for a table row: n, p50, p99, p99.9, max. */
  Object[] cells() {
    return new Object[] {count(), Fmt.ms(p50()), Fmt.ms(p99()), Fmt.ms(ms(99.9)), Fmt.ms(maxMs())};
  }
}
