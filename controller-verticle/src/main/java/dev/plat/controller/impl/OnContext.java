package dev.plat.controller.impl;

import dev.plat.cluster.Route;
import dev.plat.cluster.RouteTable;
import dev.plat.controller.ContainerEngine;
import dev.plat.cluster.api.FunctionSpec;
import dev.plat.controller.HealthProbe;
import dev.plat.controller.ImageCleaner;
import dev.plat.controller.PoolBackend;
import dev.plat.controller.PoolRuntimes;
import dev.plat.docker.ResourceLimits;
import io.vertx.core.json.JsonObject;
import dev.plat.docker.ContainerSpec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;

/**
 * Wrappers that complete every future, and deliver every event, on one context: the controller's
 * state is touched by that context only, whatever thread a client library answers on.
 */
public final class OnContext {
  private OnContext() {
  }

  public static <T> Future<T> on(Context ctx, Future<T> future) {
    Promise<T> promise = Promise.promise();
    future.onComplete(ar -> {
      if (Vertx.currentContext() == ctx) {
        promise.handle(ar);
      } else {
        ctx.runOnContext(v -> promise.handle(ar));
      }
    });
    return promise.future();
  }

  public static ImageCleaner images(ImageCleaner images, Context ctx) {
    return new ImageCleaner() {
      @Override
      public Future<Void> removeFunction(String function) {
        return on(ctx, images.removeFunction(function));
      }

      @Override
      public Future<Void> removeImage(String function, String image) {
        return on(ctx, images.removeImage(function, image));
      }

      @Override
      public Future<Boolean> exists(String function, String image) {
        return on(ctx, images.exists(function, image));
      }
    };
  }

  public static HealthProbe probe(HealthProbe probe, Context ctx) {
    return (socket, containerId, path, timeoutMs, wanted) -> on(ctx, probe.awaitReady(socket, containerId, path,
      timeoutMs, wanted));
  }

  public static ContainerEngine engine(ContainerEngine engine, Context ctx) {
    return new ContainerEngine() {
      @Override
      public Future<Void> ping() {
        return on(ctx, engine.ping());
      }

      @Override
      public Future<String> run(ContainerSpec spec) {
        return on(ctx, engine.run(spec));
      }

      @Override
      public Future<Void> stop(String containerId, int timeoutSeconds) {
        return on(ctx, engine.stop(containerId, timeoutSeconds));
      }

      @Override
      public Future<Void> pause(String containerId) {
        return on(ctx, engine.pause(containerId));
      }

      @Override
      public Future<Void> unpause(String containerId) {
        return on(ctx, engine.unpause(containerId));
      }

      @Override
      public Future<Void> remove(String containerId) {
        return on(ctx, engine.remove(containerId));
      }

      @Override
      public Future<List<Container>> list(String node) {
        return on(ctx, engine.list(node));
      }

      @Override
      public Future<Exit> exit(String containerId) {
        return on(ctx, engine.exit(containerId));
      }

      @Override
      public Future<List<String>> logTail(String containerId, int lines) {
        return on(ctx, engine.logTail(containerId, lines));
      }

      @Override
      public Future<Subscription> events(String node, Handler<Event> handler) {
        return on(ctx, engine.events(node, e -> ctx.runOnContext(v -> handler.handle(e))));
      }

      @Override
      public Future<Void> removeImage(String image) {
        return on(ctx, engine.removeImage(image));
      }

      @Override
      public Future<Void> close() {
        return on(ctx, engine.close());
      }
    };
  }

  public static PoolBackend pool(PoolBackend pool, Context ctx) {
    return new PoolBackend() {
      @Override
      public PoolRuntimes runtimes() {
        return pool.runtimes();
      }

      @Override
      public Future<String> runtimeImage(String runtime) {
        return on(ctx, pool.runtimeImage(runtime));
      }

      @Override
      public boolean exported(FunctionSpec spec) {
        return pool.exported(spec);
      }

      @Override
      public Future<Void> export(FunctionSpec spec) {
        return on(ctx, pool.export(spec));
      }

      @Override
      public Future<Void> exportEarly(FunctionSpec spec, String imageId, java.nio.file.Path context) {
        return on(ctx, pool.exportEarly(spec, imageId, context));
      }

      @Override
      public Future<Void> stageEarly(FunctionSpec spec, String imageId, String folder) {
        return on(ctx, pool.stageEarly(spec, imageId, folder));
      }

      @Override
      public Future<Void> forget(String name) {
        return on(ctx, pool.forget(name));
      }

      @Override
      public Future<Void> createCodeFolder(String folder) {
        return on(ctx, pool.createCodeFolder(folder));
      }

      @Override
      public Future<Void> stage(FunctionSpec spec, String folder) {
        return on(ctx, pool.stage(spec, folder));
      }

      @Override
      public Future<Void> writeAssignment(String socketFolder, JsonObject assignment) {
        return on(ctx, pool.writeAssignment(socketFolder, assignment));
      }

      @Override
      public Future<JsonObject> readAssignment(String socketFolder) {
        return on(ctx, pool.readAssignment(socketFolder));
      }

      @Override
      public Future<Void> specialize(String socket, String containerId) {
        return on(ctx, pool.specialize(socket, containerId));
      }

      @Override
      public Future<Void> update(String containerId, ResourceLimits limits) {
        return on(ctx, pool.update(containerId, limits));
      }

      @Override
      public Future<Void> rename(String containerId, String name) {
        return on(ctx, pool.rename(containerId, name));
      }
    };
  }

  public static RouteTable routes(RouteTable routes, Context ctx) {
    return new RouteTable() {
      @Override
      public Future<Void> put(Route route) {
        return on(ctx, routes.put(route));
      }

      @Override
      public Future<Void> remove(String function, String instance) {
        return on(ctx, routes.remove(function, instance));
      }

      @Override
      public Future<Void> removeNode(String node) {
        return on(ctx, routes.removeNode(node));
      }

      @Override
      public List<Route> routes(String function) {
        return routes.routes(function);
      }

      @Override
      public Map<String, List<Route>> snapshot() {
        return routes.snapshot();
      }

      @Override
      public void onChange(Runnable listener) {
        routes.onChange(listener);
      }
    };
  }
}
