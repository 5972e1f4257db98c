package io.replmesh.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What one benchmark measured: its tables, its raw figures ({@link #data}) and how they compare
 * with the targets of the issue; written to bench-results/NAME.json, from which the report is made.
 */
final class Result {
  final String name;
  private final JsonObject json;
  private final long startedNanos = System.nanoTime();

  Result(String name, String title, Settings settings) {
    this.name = name;
    this.json = new JsonObject().put("name", name).put("title", title).put("startedAt", Instant.now().toString())
        .put("quick", settings.quick()).put("sandbox", settings.sandbox())
        .put("nodeJvmOptions", String.join(" ", settings.nodeJvmOptions())).put("loadAvgBefore", Machine.loadAverage())
        .put("tables", new JsonArray()).put("targets", new JsonArray()).put("notes", new JsonArray())
        .put("data", new JsonObject());
  }

  Table table(String title, String... columns) {
    Table table = Table.create(title, columns);
    json.getJsonArray("tables").add(table.json());
    return table;
  }

  /** Raw figures, for whoever reads the JSON. */
  JsonObject data() {
    return json.getJsonObject("data");
  }

  void note(String text) {
    json.getJsonArray("notes").add(text);
  }

  /** A target of the issue: what, the goal, what was measured, and whether it was met. */
  void target(String what, String goal, String measured, boolean met) {
    json.getJsonArray("targets").add(new JsonObject().put("what", what).put("goal", goal)
        .put("measured", measured).put("met", met));
  }

  /** Prints the tables and writes bench-results/NAME.json. */
  Path finish(Path resultsDir) throws IOException {
    json.put("seconds", (System.nanoTime() - startedNanos) / 1e9).put("loadAvgAfter", Machine.loadAverage());
    json.getJsonArray("tables").forEach(t -> System.out.println(new Table((JsonObject) t).text()));
    json.getJsonArray("targets").forEach(t -> {
      JsonObject target = (JsonObject) t;
      System.out.printf("target %-50s %-14s measured %-14s %s%n", target.getString("what"), target.getString("goal"),
          target.getString("measured"), target.getBoolean("met") ? "met" : "MISSED");
    });
    json.getJsonArray("notes").forEach(n -> System.out.println("note: " + n));
    Files.createDirectories(resultsDir);
    Path file = resultsDir.resolve(name + ".json");
    Files.writeString(file, json.encodePrettily());
    System.out.printf("%s took %.0f s; wrote %s%n%n", name, json.getDouble("seconds"), file);
    return file;
  }
}
