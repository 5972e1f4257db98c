package io.replmesh.router.impl;

import io.replmesh.protocol.ClusterMapNames;
import io.replmesh.protocol.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * further-link's uploaded directories, kept in the cluster ({@code replmesh.uploads}) so a
 * run on any node can use them: {@code name → {files: {path: text}}}. Files come as text or
 * as an http(s) URL to fetch (bounded in size and time).
 */
final class FurtherLinkUploads {
  private static final long MAX_FETCH_BYTES = 1 << 20;

  private final Future<AsyncMap<String, JsonObject>> uploads;
  private final WebClient web;

  FurtherLinkUploads(Vertx vertx) {
    this.uploads = vertx.sharedData().getAsyncMap(ClusterMapNames.UPLOADS);
    this.web = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000).setFollowRedirects(false));
  }

  /** {@code {name, files: {fname: {type: text|url, content}}}} → stored; bad paths fail with bad_path. */
  Future<Void> upload(JsonObject body) {
    String name = body.getValue("name") instanceof String n ? n : null;
    if (name == null || RelativePaths.problem(name) != null) {
      return Future.failedFuture(ErrorCode.BAD_PATH.exception("'name' must be a relative directory name without '..'"));
    }
    if (!(body.getValue("files") instanceof JsonObject files)) {
      return Future.failedFuture(ErrorCode.BAD_REQUEST.exception("'files' must be an object"));
    }
    List<Future<Void>> fetched = new ArrayList<>();
    JsonObject stored = new JsonObject();
    for (String fname : files.fieldNames()) {
      String problem = RelativePaths.problem(fname);
      if (problem != null) {
        return Future.failedFuture(ErrorCode.BAD_PATH.exception(problem));
      }
      JsonObject file = files.getValue(fname) instanceof JsonObject f ? f : new JsonObject();
      String content = file.getValue("content") instanceof String c ? c : null;
      String type = file.getString("type", "text");
      if (content == null || !type.equals("text") && !type.equals("url")) {
        return Future.failedFuture(ErrorCode.BAD_REQUEST.exception("file '" + fname + "' needs type text|url and content"));
      }
      if (type.equals("text")) {
        stored.put(fname, content);
      } else {
        fetched.add(fetch(content).onSuccess(text -> stored.put(fname, text)).mapEmpty());
      }
    }
    return Future.all(fetched).compose(v -> uploads).compose(map -> map.put(name, new JsonObject().put("files", stored)));
  }

  /** The files of an uploaded directory, under its name (e.g. {@code myproject/run.py}); empty when unknown. */
  Future<JsonObject> filesOf(String name) {
    return uploads.compose(map -> map.get(name)).map(dir -> {
      JsonObject placed = new JsonObject();
      if (dir != null) {
        dir.getJsonObject("files").forEach(f -> placed.put(name + "/" + f.getKey(), f.getValue()));
      }
      return placed;
    });
  }

  private Future<String> fetch(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(ErrorCode.BAD_REQUEST.exception("not a URL: " + url));
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      return Future.failedFuture(ErrorCode.BAD_REQUEST.exception("only http(s) URLs can be fetched: " + url));
    }
    return web.getAbs(url).timeout(10_000).send().compose((HttpResponse<Buffer> response) -> {
      if (response.statusCode() != 200) {
        return Future.failedFuture(ErrorCode.BAD_REQUEST.exception("fetching " + url + " answered " + response.statusCode()));
      }
      Buffer body = response.body() == null ? Buffer.buffer() : response.body();
      return body.length() > MAX_FETCH_BYTES
          ? Future.failedFuture(ErrorCode.PAYLOAD_TOO_LARGE.exception(url + " is larger than 1 MiB"))
          : Future.succeededFuture(body.toString());
    });
  }
}
