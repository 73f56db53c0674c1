package dev.plat.gateway.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.IntSupplier;

/**
 * The URLs of functions as this gateway serves them, put in the statuses it answers with (whatever
 * node's controller made them): {@code {scheme}://{project}-{service}.{baseDomain}:{port}/} for a
 * function with a project and a service, else {@code {scheme}://{httpHost}:{port}/function/{name}},
 * {@code port} being the port this gateway listens on and {@code scheme} {@code https} when it serves
 * HTTPS ({@code tlsCert}), else {@code http}. On one node serving plain HTTP these are the URLs the
 * controller gives.
 */
public final class FunctionUrls {
  private final String scheme;
  private final String httpHost;
  private final IntSupplier port;
  private final String baseDomain;

  /** @param scheme {@code http} or {@code https}: what this gateway's port serves */
  public FunctionUrls(String scheme, String httpHost, IntSupplier port, String baseDomain) {
    this.scheme = scheme;
    this.httpHost = httpHost;
    this.port = port;
    this.baseDomain = baseDomain;
  }

  /** The URL of a function. */
  public String url(String name, String project, String service) {
    if (project != null && service != null) {
      return scheme + "://" + project + "-" + service + "." + baseDomain + ":" + port.getAsInt() + "/";
    }
    return scheme + "://" + httpHost + ":" + port.getAsInt() + "/function/" + name;
  }

  /** {@code status} with its {@code "url"} set to this gateway's (when it has one). */
  public JsonObject status(JsonObject status) {
    if (status != null && status.containsKey("url") && status.getValue("name") instanceof String name) {
      status.put("url", url(name, status.getString("project"), status.getString("service")));
    }
    return status;
  }

  /** {@code {"functions":[status...]}} with each status's URL set to this gateway's. */
  public JsonObject list(JsonObject list) {
    if (list != null && list.getValue("functions") instanceof JsonArray functions) {
      functions.forEach(fn -> {
        if (fn instanceof JsonObject status) {
          status(status);
        }
      });
    }
    return list;
  }
}
