package dev.plat.gateway.api;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.Actions;
import dev.plat.cluster.api.PlatError;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * The controller's request/reply protocol ({@link Actions.Controller}) as futures. Every failure is
 * a {@link PlatError}: the controller's own, or 504 {@code timeout} / 503 {@code role_unavailable}.
 */
public class ControllerClient {
  /** Timeout of a deploy: the controller answers once the builder accepted the zip. */
  public static final long DEPLOY_TIMEOUT_MS = 90_000;
  /** Timeout of start and stop, which wait for instances. */
  public static final long LIFECYCLE_TIMEOUT_MS = 120_000;
  /** Timeout of the other requests. */
  public static final long DEFAULT_TIMEOUT_MS = 30_000;

  private final BusRequests requests;
  private final FunctionUrls urls;

  /** A client passing the controller's function URLs on unchanged. */
  public ControllerClient(EventBus bus) {
    this(bus, null);
  }

  /** @param urls this gateway's URLs, put in every status answered ({@code null}: the controller's) */
  public ControllerClient(EventBus bus, FunctionUrls urls) {
    this.requests = new BusRequests(bus, Names.Address.CONTROLLER);
    this.urls = urls;
  }

  /** {@code {"spec", "upload", "sha256", "source"}} -> {@code {"name","version","buildId"}}. */
  public Future<JsonObject> deploy(JsonObject spec, String upload, String sha256, JsonObject source) {
    JsonObject body = new JsonObject().put("spec", spec).put("upload", upload).put("sha256", sha256);
    if (source != null) {
      body.put("source", source);
    }
    return requests.request(Actions.Controller.DEPLOY, body, DEPLOY_TIMEOUT_MS);
  }

  /**
   * A deploy of the user's own image ({@code spec.image}, no upload): answers {@code
   * {"name","version","image","digest"}} once the image was pulled and the version registered.
   */
  public Future<JsonObject> deployImage(JsonObject spec) {
    return requests.request(Actions.Controller.DEPLOY, new JsonObject().put("spec", spec), DEPLOY_TIMEOUT_MS);
  }

  /** Stores a registry's credentials; {@code sealed} holds the sealed username and password only. */
  public Future<JsonObject> putRegistry(String host, JsonObject sealed) {
    return requests.request(Actions.Controller.REGISTRY_PUT, new JsonObject().put("host", host).put("data", sealed),
      DEFAULT_TIMEOUT_MS);
  }

  /** -> {@code {"registries":[{"host","createdAt","updatedAt"}]}}. */
  public Future<JsonObject> listRegistries() {
    return requests.idempotent(Actions.Controller.REGISTRY_LIST, new JsonObject(), DEFAULT_TIMEOUT_MS);
  }

  public Future<JsonObject> deleteRegistry(String host) {
    return requests.request(Actions.Controller.REGISTRY_DELETE, new JsonObject().put("host", host), DEFAULT_TIMEOUT_MS);
  }

  /** -> {@code {"functions":[...]}}. */
  public Future<JsonObject> list() {
    return requests.idempotent(Actions.Controller.LIST, new JsonObject(), DEFAULT_TIMEOUT_MS)
      .map(list -> urls == null ? list : urls.list(list));
  }

  /** -> the function's status; 404 {@code function_not_found} when there is none. */
  public Future<JsonObject> get(String name) {
    return status(requests.idempotent(Actions.Controller.GET, named(name), DEFAULT_TIMEOUT_MS));
  }

  public Future<JsonObject> patch(String name, JsonObject changes) {
    // a patch applied twice is applied once: the same changes to the same function
    return status(requests.idempotent(Actions.Controller.PATCH, named(name).put("changes", changes), DEFAULT_TIMEOUT_MS));
  }

  public Future<JsonObject> delete(String name, boolean removeImage) {
    return requests.request(Actions.Controller.DELETE, named(name).put("removeImage", removeImage), LIFECYCLE_TIMEOUT_MS);
  }

  public Future<JsonObject> start(String name) {
    return status(requests.request(Actions.Controller.START, named(name), LIFECYCLE_TIMEOUT_MS));
  }

  public Future<JsonObject> stop(String name) {
    return status(requests.request(Actions.Controller.STOP, named(name), LIFECYCLE_TIMEOUT_MS));
  }

  /** -> {@code {"name","current","versions":[...]}}, newest first; 404 {@code function_not_found}. */
  public Future<JsonObject> versions(String name) {
    return requests.idempotent(Actions.Controller.VERSIONS, named(name), DEFAULT_TIMEOUT_MS);
  }

  /**
   * {@code to}: a kept version, {@code null} for the one before the current -> {@code {"name","version",
   * "rolledBackFrom"}}. Not retried: each rollback registers a version.
   */
  public Future<JsonObject> rollback(String name, Long to) {
    JsonObject body = named(name);
    if (to != null) {
      body.put("to", to);
    }
    return requests.request(Actions.Controller.ROLLBACK, body, DEFAULT_TIMEOUT_MS);
  }

  /**
   * {@code body}: {@code {"traffic": {version: percent}}} or {@code {"latest": true}} -> the function's
   * status with its {@code traffic}. Retried like a patch: setting the same split twice is setting it once.
   */
  public Future<JsonObject> traffic(String name, JsonObject body) {
    return status(requests.idempotent(Actions.Controller.TRAFFIC, body.copy().put("name", name), DEFAULT_TIMEOUT_MS));
  }

  /**
   * {@code data} holds sealed values only. A rotation waits for the functions using the secret
   * to roll, as a patch does.
   */
  public Future<JsonObject> putSecret(String name, JsonObject sealed, boolean create) {
    return requests.request(Actions.Controller.SECRET_PUT, named(name).put("data", sealed).put("create", create),
      LIFECYCLE_TIMEOUT_MS);
  }

  /** -> {@code {"secrets":[summary...]}}. */
  public Future<JsonObject> listSecrets() {
    return requests.idempotent(Actions.Controller.SECRET_LIST, new JsonObject(), DEFAULT_TIMEOUT_MS);
  }

  public Future<JsonObject> deleteSecret(String name) {
    return requests.request(Actions.Controller.SECRET_DELETE, named(name), DEFAULT_TIMEOUT_MS);
  }

  private Future<JsonObject> status(Future<JsonObject> reply) {
    return urls == null ? reply : reply.map(urls::status);
  }

  private static JsonObject named(String name) {
    return new JsonObject().put("name", name);
  }
}
