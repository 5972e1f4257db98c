package io.replmesh.bench;

import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The echo benchmark's percentiles against the number of background sessions, as a PNG. */
final class EchoChart {
  private static final List<String> PATHS = List.of("same-node", "cross-node");
  private static final List<String> PERCENTILES = List.of("p50Ms", "p99Ms", "p999Ms");
  /** A hue per path, darker for the higher percentiles: the eye groups a path's three lines. */
  private static final List<List<Color>> COLORS = List.of(
      List.of(new Color(0x9ecae1), new Color(0x3182bd), new Color(0x08306b)),
      List.of(new Color(0xfdae6b), new Color(0xe6550d), new Color(0x7f2704)));

  private EchoChart() {}

  static Path write(JsonObject echo, Path png) throws IOException {
    List<JsonObject> levels = echo.getJsonObject("data").getJsonArray("levels").stream()
        .map(JsonObject.class::cast).toList();
    XYChart chart = new XYChartBuilder().width(900).height(560)
        .title("replmesh keystroke echo latency (" + echo.getString("sandbox") + ")")
        .xAxisTitle("background sessions typing 5 keys/s").yAxisTitle("ms (log scale)").build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    List<Double> sessions = levels.stream().map(l -> l.getInteger("sessions").doubleValue()).toList();
    for (int p = 0; p < PATHS.size(); p++) {
      String path = PATHS.get(p);
      for (int q = 0; q < PERCENTILES.size(); q++) {
        String percentile = PERCENTILES.get(q);
        List<Double> values = levels.stream().map(l -> l.getJsonObject(path).getDouble(percentile)).toList();
        XYSeries series = chart.addSeries(path + " " + percentile.replace("Ms", "").replace("p999", "p99.9"),
            sessions, values);
        series.setMarker(p == 0 ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
        series.setLineColor(COLORS.get(p).get(q));
        series.setMarkerColor(COLORS.get(p).get(q));
      }
    }
    JsonObject floors = echo.getJsonObject("data").getJsonObject("floors");
    if (floors != null && !floors.isEmpty() && sessions.size() > 1) {
      double floor = floors.getJsonObject("pty").getDouble("p50Ms") + floors.getJsonObject("websocket").getDouble("p50Ms");
      chart.addSeries("floor p50 (pty + websocket)", List.of(sessions.get(0), sessions.get(sessions.size() - 1)),
          List.of(floor, floor)).setMarker(SeriesMarkers.NONE).setLineColor(Color.GRAY);
    }
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    return png;
  }
}
