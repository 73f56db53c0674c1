package dev.plat.controller.impl;

import dev.plat.cluster.api.FunctionSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A function's status as get and list return it: the {@code FunctionSpec} JSON plus
 * {@code "state"}, {@code "desired"}, {@code "instances":[{"id","state","version","node","container"}]},
 * {@code "url"}, {@code "metrics":{"requestsPerMinute","p95Ms"}} ({@link FunctionMetrics}), and
 * {@code "lastFailure":{"reason","exitCode","logs":[...],"at"}} after an instance failed (until the
 * next deploy or start; see {@link Failure}), and {@code "lastError"}, {@code "lastLogs"} when failing;
 * {@code "traffic":{version: percent}}, the split in effect (the current version at 100 without one).
 * The instances of the function's other serving versions (its units, {@code NAME@vN}) are listed
 * with its own, each with its {@code version}.
 *
 * @param httpHost   the gateway's host, for {@code http://{httpHost}:{httpPort}/function/{name}}
 * @param httpPort   the gateway's port
 * @param baseDomain public URLs are {@code http://{project}-{service}.{baseDomain}:{httpPort}/}
 * @param metrics    a function's metrics now, by name
 * @param units      a function's units (its other serving versions), by name
 */
record StatusView(String httpHost, int httpPort, String baseDomain, Function<String, FunctionMetrics> metrics,
                  Function<String, List<FunctionState>> units) {

  public StatusView {
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(units, "units");
  }

  /** A view whose functions have no metrics yet (every status says 0 requests); see {@link #withMetrics}. */
  public StatusView(String httpHost, int httpPort, String baseDomain) {
    this(httpHost, httpPort, baseDomain, name -> FunctionMetrics.NONE, name -> List.of());
  }

  /** This view reading the metrics from {@code metrics}. */
  public StatusView withMetrics(Function<String, FunctionMetrics> metrics) {
    return new StatusView(httpHost, httpPort, baseDomain, metrics, units);
  }

  /** This view listing the instances of the units {@code units} names. */
  public StatusView withUnits(Function<String, List<FunctionState>> units) {
    return new StatusView(httpHost, httpPort, baseDomain, metrics, units);
  }

  public JsonObject status(FunctionState fs) {
    FunctionSpec spec = fs.record().spec();
    JsonArray instances = new JsonArray();
    fs.instances().forEach(i -> instances.add(i.toJson()));
    units.apply(fs.name()).forEach(u -> u.instances().forEach(i -> instances.add(i.toJson())));
    JsonObject traffic = new JsonObject();
    fs.record().effectiveTraffic().forEach((v, w) -> traffic.put(Long.toString(v), w));
    JsonObject json = spec.toJson().put("state", (fs.state() == null ? FunctionState.State.STARTING : fs.state()).id())
      .put("desired", fs.record().desired().id()).put("instances", instances).put("url", url(spec))
      .put("metrics", metrics.apply(spec.name()).toJson()).put("traffic", traffic);
    if (fs.lastFailure() != null) {
      json.put("lastFailure", fs.lastFailure().toJson());
    }
    if (fs.state() == FunctionState.State.FAILING) {
      json.put("lastError", fs.lastError()).put("lastLogs", new JsonArray(fs.lastLogs()));
    }
    return json;
  }

  public String url(FunctionSpec spec) {
    if (spec.project() != null && spec.service() != null) {
      return "http://" + spec.project() + "-" + spec.service() + "." + baseDomain + ":" + httpPort + "/";
    }
    return "http://" + httpHost + ":" + httpPort + "/function/" + spec.name();
  }
}
