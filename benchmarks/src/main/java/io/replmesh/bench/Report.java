package io.replmesh.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * bench-results/summary.md from the JSON files that are there: the machine, every target of
 * the issue with what was measured, then each benchmark's tables and notes; and the echo chart.
 */
final class Report {
  private Report() {}

  static Path write(Settings settings, List<String> order) throws IOException {
    Path dir = settings.results();
    Files.createDirectories(dir);
    StringBuilder md = new StringBuilder("# replmesh benchmarks\n\n");
    md.append("Written ").append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME))
        .append(" by `./bench`; each section comes from `bench-results/<name>.json`.\n\n");
    md.append("| machine | |\n| --- | --- |\n")
        .append("| nproc | ").append(Machine.cores()).append(" |\n")
        .append("| memory | ").append(Machine.memTotalBytes() >> 20).append(" MiB |\n")
        .append("| load average now (1/5/15 min) | ").append(Machine.loadAverage()).append(" |\n\n")
        .append("```\n$ java -version\n").append(Machine.javaVersion()).append("\n```\n\n");

    List<JsonObject> results = order.stream().map(name -> dir.resolve(name + ".json")).filter(Files::exists)
        .map(Report::read).toList();
    md.append("## Targets\n\n| benchmark | target | goal | measured | met |\n| --- | --- | --- | --- | --- |\n");
    for (JsonObject result : results) {
      result.getJsonArray("targets").forEach(t -> {
        JsonObject target = (JsonObject) t;
        md.append("| ").append(result.getString("name")).append(" | ").append(target.getString("what"))
            .append(" | ").append(target.getString("goal")).append(" | ").append(target.getString("measured"))
            .append(" | ").append(target.getBoolean("met") ? "yes" : "**no**").append(" |\n");
      });
    }
    md.append('\n');
    for (JsonObject result : results) {
      section(md, result, dir);
    }
    Path summary = dir.resolve("summary.md");
    Files.writeString(summary, md);
    System.out.println("wrote " + summary);
    return summary;
  }

  private static void section(StringBuilder md, JsonObject result, Path dir) {
    md.append("## ").append(result.getString("name")).append(": ").append(result.getString("title")).append("\n\n")
        .append("Run ").append(result.getString("startedAt")).append(result.getBoolean("quick") ? " (--quick)" : "")
        .append(", ").append(Fmt.num(result.getDouble("seconds", 0.0), 0)).append(" s, sandbox ")
        .append(result.getString("sandbox"))
        .append(result.getString("nodeJvmOptions", "").isEmpty() ? "" : ", node JVM options `" + result.getString("nodeJvmOptions") + "`")
        .append(", load average before ").append(result.getString("loadAvgBefore"))
        .append(" / after ").append(result.getString("loadAvgAfter")).append(".\n\n");
    result.getJsonArray("tables").forEach(t -> md.append(new Table((JsonObject) t).markdown()));
    if ("echo".equals(result.getString("name"))) {
      try {
        Path png = EchoChart.write(result, dir.resolve("echo-latency.png"));
        md.append("![echo latency percentiles vs background sessions](").append(png.getFileName()).append(")\n\n");
      } catch (Exception | LinkageError e) { // e.g. no fonts for AWT on a bare machine: the tables still stand
        md.append("(chart not drawn: ").append(e).append(")\n\n");
      }
    }
    result.getJsonArray("notes").forEach(n -> md.append("- ").append(n).append('\n'));
    md.append('\n');
  }

  private static JsonObject read(Path file) {
    try {
      return new JsonObject(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
