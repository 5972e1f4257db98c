package io.replmesh.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** A titled table of strings, kept as JSON so that the report can render it again from the file. */
final class Table {
  private final JsonObject json;

  Table(JsonObject json) {
    this.json = json;
  }

  static Table create(String title, String... columns) {
    return new Table(new JsonObject().put("title", title).put("columns", new JsonArray(List.of(columns)))
        .put("rows", new JsonArray()));
  }

  JsonObject json() {
    return json;
  }

  Table row(Object... cells) {
    JsonArray row = new JsonArray();
    for (Object cell : cells) {
      row.add(String.valueOf(cell));
    }
    json.getJsonArray("rows").add(row);
    return this;
  }

  /** Aligned plain text, for the console. */
  String text() {
    List<List<String>> lines = lines();
    int[] widths = new int[lines.get(0).size()];
    lines.forEach(line -> {
      for (int i = 0; i < line.size() && i < widths.length; i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    });
    StringBuilder out = new StringBuilder("== ").append(json.getString("title")).append('\n');
    for (List<String> line : lines) {
      for (int i = 0; i < line.size() && i < widths.length; i++) {
        String cell = line.get(i);
        // Text left, numbers right: how tables of figures read best.
        out.append(i == 0 ? String.format("%-" + widths[i] + "s", cell) : String.format("  %" + widths[i] + "s", cell));
      }
      out.append('\n');
    }
    return out.toString();
  }

  String markdown() {
    List<List<String>> lines = lines();
    StringBuilder out = new StringBuilder("**").append(json.getString("title")).append("**\n\n");
    for (int i = 0; i < lines.size(); i++) {
      out.append("| ").append(String.join(" | ", lines.get(i))).append(" |\n");
      if (i == 0) {
        out.append("|").append(" --- |".repeat(lines.get(0).size())).append('\n');
      }
    }
    return out.append('\n').toString();
  }

  private List<List<String>> lines() {
    List<List<String>> lines = new ArrayList<>();
    lines.add(json.getJsonArray("columns").stream().map(String::valueOf).toList());
    json.getJsonArray("rows").forEach(row -> lines.add(((JsonArray) row).stream().map(String::valueOf).toList()));
    return lines;
  }
}
