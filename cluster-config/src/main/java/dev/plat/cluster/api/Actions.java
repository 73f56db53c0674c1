package dev.plat.cluster.api;

/**
 * The request/reply protocol of the control plane. A request carries its action in the
 * {@link #HEADER} delivery header and a JSON body; a reply is JSON, a failure is a
 * {@link PlatError} reply (status + {@code {"error","code"}}).
 */
public final class Actions {
  private Actions() {
  }

  /** Delivery header naming the action. */
  public static final String HEADER = "action";

  /** Controller ({@code Names.Address.CONTROLLER}) actions. */
  public static final class Controller {
    private Controller() {
    }

    /**
     * {@code {"spec": FunctionSpec fields given by the user, "upload": path of the spooled zip,
     * "sha256", "source": {"node","url"}}} -> {@code {"name","version","buildId"}} once the build is
     * accepted ({@code source} is passed to the builder unchanged). The function is
     * registered and started when the build succeeds; nothing is registered when it fails.
     */
    public static final String DEPLOY = "deploy";
    /** {@code {}} -> {@code {"functions": [status...]}}. */
    public static final String LIST = "list";
    /** {@code {"name"}} -> a function status: {@code FunctionSpec} JSON plus "state" and "instances". */
    public static final String GET = "get";
    /** {@code {"name", "changes": {env, limits, scaling, public, project, service, domains}}} -> status. */
    public static final String PATCH = "patch";
    /** {@code {"name", "removeImage": bool}} -> {@code {"name","deleted":true}}. */
    public static final String DELETE = "delete";
    /** {@code {"name"}} -> status, after {@code scaling.min} (at least 1) instances are ready. */
    public static final String START = "start";
    /** {@code {"name"}} -> status, after every instance is stopped and removed. */
    public static final String STOP = "stop";
    /**
     * {@code {"name"}} -> {@code {"name","current","versions":[{"version","image","digest","createdAt",
     * "origin","current","spec"}...]}}, newest first.
     */
    public static final String VERSIONS = "versions";
    /**
     * {@code {"name","to": optional version}} -> {@code {"name","version","rolledBackFrom"}} once a new
     * version with the spec and image of {@code to} (default: the version before the current one)
     * is registered; its instances replace the old ones in a rolling update. 404
     * {@code version_not_found}, 409 {@code image_gone}.
     */
    public static final String ROLLBACK = "rollback";
    /**
     * {@code {"name","traffic": {version: percent...}}} -> the function's status (with its
     * {@code traffic}) once the split is durable: invocations are shared among those versions by
     * weight. {@code {"3": 100}} with 3 the current version (or {@code "latest": true}) ends the
     * split. 400 {@code bad_traffic}, 404 {@code function_not_found}, 409 {@code image_gone}.
     */
    public static final String TRAFFIC = "traffic";
    /**
     * {@code {"name", "data": {key: sealed value}, "create": bool}} -> the secret's summary
     * {@code {"name","keys","createdAt","updatedAt","functions"}}. Values arrive sealed by the gateway
     * ({@code SecretCipher}); {@code create} true: 409 {@code secret_exists} when it exists, false:
     * 404 {@code secret_not_found} when it does not (a rotation: the functions using it are rolled).
     */
    public static final String SECRET_PUT = "secretPut";
    /** {@code {}} -> {@code {"secrets": [summary...]}}, never a value. */
    public static final String SECRET_LIST = "secretList";
    /** {@code {"name"}} -> {@code {"name","deleted":true}}; 409 {@code secret_in_use} while a function lists it. */
    public static final String SECRET_DELETE = "secretDelete";
    /**
     * {@code {"host", "data": {"username": sealed, "password": sealed}}} -> {@code {"host","createdAt","updatedAt"}}:
     * stores (or replaces) the credentials for a registry host, sealed by the gateway like a secret's values.
     */
    public static final String REGISTRY_PUT = "registryPut";
    /** {@code {}} -> {@code {"registries": [{"host","createdAt","updatedAt"}...]}}, never a credential. */
    public static final String REGISTRY_LIST = "registryList";
    /** {@code {"host"}} -> {@code {"host","deleted":true}}; 404 {@code registry_not_found} when none is stored. */
    public static final String REGISTRY_DELETE = "registryDelete";
  }

  /** Builder ({@code Names.Address.BUILDER}) actions. */
  public static final class Builder {
    private Builder() {
    }

    /**
     * {@code {"function","version","runtime","upload","sha256","source"}} -> {@code {"buildId"}} after the
     * zip is validated (a bad zip fails with a 400/413 PlatError). {@code upload} is a path on the
     * node that received it; {@code source}, optional, is {@code {"node": that node's id, "url":
     * its gateway's node-to-node URL of the zip}} ({@code Names.NodePath.UPLOADS}): a builder on
     * another node streams the zip from there with the cluster secret. Progress, then one
     * {@code done} or {@code failed} event, follow on {@code Names.Address.BUILD_EVENTS}.
     */
    public static final String BUILD = "build";
    /**
     * {@code {"buildId", "since": optional seq}} -> the build: {@code {"id","function","version","state",
     * "log":[{"seq","line"}...] (lines after since, the last 2000 at most),"logTail","image","digest","error","code"}};
     * 404 {@code build_not_found} for an unknown id. Any builder answers for the builds of all
     * (records in {@code Names.Hz.BUILDS}).
     */
    public static final String GET = "get";

    /*
     * Events published on Names.Address.BUILD_EVENTS, one JSON object each, all with
     * {"buildId","function","version","type","seq"} (seq increases per build, shared by log lines and
     * states, so a reader of GET can skip events it has seen):
     *   log:    + "line"
     *   state:  + "state" (queued, building, pushing, succeeded, failed); pushing: + "imageId" (the
     *           image built, in the builder's dockerd, now being pushed)
     *   done:   + "state":"succeeded","image","imageId","digest" (the last event of a good build)
     *   failed: + "state":"failed","error","code","logTail" (the last event of a failed build; nothing was registered)
     */
    /** Event type: one line of build or push output. */
    public static final String EVENT_LOG = "log";
    /** Event type: the build moved to another state. */
    public static final String EVENT_STATE = "state";
    /** Event type: the image is built and pushed; the last event of the build. */
    public static final String EVENT_DONE = "done";
    /** Event type: the build failed; the last event of the build. */
    public static final String EVENT_FAILED = "failed";
  }
}
