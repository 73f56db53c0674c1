package dev.plat.controller.impl;

import dev.plat.cluster.api.ImageReference;
import dev.plat.cluster.api.PlatError;
import dev.plat.cluster.api.TrafficSplit;
import dev.plat.controller.FunctionRecord;
import dev.plat.controller.FunctionVersion;
import dev.plat.controller.ImageCleaner;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code traffic}: {@code {"name","traffic": {version: percent...}}} or {@code {"name","latest": true}}
 * sets how the function's invocations are shared among its kept versions (whole percentages summing
 * to 100, {@link TrafficSplit#parse}); {@code latest} (or all to the current version) ends the split.
 * The record is saved durably (the leader's fenced write in a cluster), the units of the versions
 * the split serves start ({@link Functions}), and the directory the proxies read carries the split.
 * Answers the function's status. 400 {@code bad_traffic}, 404 {@code function_not_found}, 409
 * {@code image_gone} when a version's image is no longer in the registry.
 */
final class TrafficAction implements Action {
  private final Functions functions;
  private final ImageCleaner images;
  private final StatusView view;

  TrafficAction(Functions functions, ImageCleaner images, StatusView view) {
    this.functions = functions;
    this.images = images;
    this.view = view;
  }

  @Override
  public Future<JsonObject> handle(JsonObject body) {
    String name = body.getString("name");
    FunctionRecord record = functions.get(name).record();
    Map<Long, Integer> split;
    if (Boolean.TRUE.equals(body.getValue("latest"))) {
      split = Map.of();
    } else {
      List<Long> kept = new ArrayList<>(record.versions().stream().map(FunctionVersion::version).toList());
      if (!kept.contains(record.spec().version())) {
        kept.add(record.spec().version());
      }
      split = TrafficSplit.parse(body.getValue("traffic"), kept);
    }
    List<Future<Boolean>> checks = new ArrayList<>();
    List<FunctionVersion> others = new ArrayList<>();
    for (long v : split.keySet()) {
      FunctionVersion version = record.version(v);
      if (v == record.spec().version() || version == null) {
        continue;
      }
      if (version.image() == null) {
        return Future.failedFuture(gone(name, version));
      }
      others.add(version);
      // the user's own image is in the user's registry: pulled by digest when it runs
      checks.add(ImageReference.RUNTIME.equals(version.spec().runtime()) ? Future.succeededFuture(true)
        : images.exists(name, version.image()));
    }
    return Future.all(checks).compose(all -> {
      for (int i = 0; i < others.size(); i++) {
        if (!Boolean.TRUE.equals(all.resultAt(i))) {
          return Future.failedFuture(gone(name, others.get(i)));
        }
      }
      // looked up again: the function may have changed (a deploy) while the registry answered
      FunctionState fs = functions.get(name);
      FunctionRecord now = fs.record();
      for (long v : split.keySet()) {
        if (v != now.spec().version() && now.version(v) == null) {
          return Future.failedFuture(PlatError.conflict("version_gone", "v" + v + " of '" + name
            + "' is no longer kept (a deploy collected it meanwhile); try again"));
        }
      }
      return functions.save(now.withTraffic(split)).map(view::status);
    });
  }

  private static PlatError gone(String name, FunctionVersion v) {
    return PlatError.conflict("image_gone", "the image of v" + v.version() + " of '" + name + "' ("
      + v.image() + ") is no longer in the registry");
  }
}
