package dev.plat.gateway.api;

import dev.plat.cluster.api.Labels;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code GET /api/functions[?label=key=value&label=key]} -> 200 {@code {"functions":[status...]}},
 * only the functions whose labels match every {@code label} given ({@link Labels#selector});
 * a malformed one is 400 {@code bad_label_selector}.
 */
public class ListFunctionsHandler implements Handler<RoutingContext> {
  private final ControllerClient controller;

  public ListFunctionsHandler(ControllerClient controller) {
    this.controller = controller;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Map<String, String> selector = Labels.selector(ctx.queryParam("label"));
    if (selector.isEmpty()) {
      Responses.reply(ctx, 200, controller.list());
      return;
    }
    Responses.reply(ctx, 200, controller.list().map(all -> {
      JsonArray kept = new JsonArray();
      for (Object fn : all.getJsonArray("functions", new JsonArray())) {
        if (fn instanceof JsonObject status && Labels.matches(selector, labels(status))) {
          kept.add(status);
        }
      }
      return all.copy().put("functions", kept);
    }));
  }

  private static Map<String, String> labels(JsonObject status) {
    Map<String, String> labels = new HashMap<>();
    status.getJsonObject("labels", new JsonObject()).forEach(e -> labels.put(e.getKey(), String.valueOf(e.getValue())));
    return labels;
  }
}
