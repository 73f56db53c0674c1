package dev.plat.cluster.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A function as the registry keeps it: what to run and how. Its JSON form is the REST API's and
 * the registry file's:
 * <pre>{"name","runtime","version","image","digest","env":{},"limits":{...},"scaling":{"min","max"},
 *  "project","service","public","network","domains":[],"createdAt","updatedAt",
 *  "healthPath","startTimeoutSeconds","labels":{},"description","secrets":[],"secretsRevision",
 *  "schedule","scheduleTimezone","secretEnv":{}}</pre>
 *
 * @param name      a DNS label: 1-63 of {@code [a-z0-9-]}, not starting or ending with '-'
 * @param runtime   a folder name under {@code runtimes/}
 * @param version   increases by one on every successful deploy, starting at 1
 * @param image     the pushed image reference {@code <registry>/plat/<name>:<version>}
 * @param digest    the registry digest of the image ({@code sha256:...})
 * @param env       environment variables given to every instance
 * @param limits    resource limits of each instance
 * @param scaling   instance count bounds
 * @param project   optional project, for the public URL {@code {project}-{service}.{baseDomain}}
 * @param service   optional service name, with {@code project}
 * @param isPublic  whether invoking needs no token
 * @param network   a Docker network the instances join; {@code null} means network "none"
 * @param domains   custom domains served by this function
 * @param createdAt epoch milliseconds of the first deploy
 * @param updatedAt epoch milliseconds of the last change
 * @param healthPath the path the controller's readiness probe asks with {@code GET} over the
 *                  instance's socket; {@link #DEFAULT_HEALTH_PATH} (answered by every runtime's shim) when absent
 * @param startTimeoutSeconds how long a new instance may take to answer healthy; {@code null}: the
 *                  node's {@code instanceStartTimeoutSeconds}
 * @param labels    free key/value metadata (Kubernetes label syntax), for filtering; changes no instance
 * @param description free text for people; changes no instance; {@code null} when absent
 * @param secrets   names of the secrets whose values every instance sees as files
 *                  {@code /run/secrets/<name>/<key>}; each must exist when the function is deployed or patched
 * @param secretsRevision set by the platform when a secret of {@link #secrets} is rotated (epoch
 *                  milliseconds), so the instances are replaced; 0 when none was
 * @param schedule  when the function is invoked by itself ({@link Schedule}: a cron expression or
 *                  {@code @every 30s}); {@code null}: never
 * @param scheduleTimezone the time zone of a cron {@code schedule}; {@code null}: UTC
 * @param secretEnv environment variables whose values are secret values: variable name to
 *                  {@code <secret>/<key>}; the node that runs an instance opens them into its
 *                  environment. Only the references are kept here, never a value.
 */
public record FunctionSpec(String name, String runtime, long version, String image, String digest,
    Map<String, String> env, Limits limits, Scaling scaling, String project, String service,
    boolean isPublic, String network, List<String> domains, long createdAt, long updatedAt,
    String healthPath, Integer startTimeoutSeconds, Map<String, String> labels, String description,
    List<String> secrets, long secretsRevision, String schedule, String scheduleTimezone,
    Map<String, String> secretEnv) {

  /** The health path of every runtime's shim, the default of {@link #healthPath}. */
  public static final String DEFAULT_HEALTH_PATH = "/_/health";

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  public FunctionSpec {
    env = env == null ? Map.of() : Map.copyOf(env);
    limits = limits == null ? Limits.DEFAULT : limits;
    scaling = scaling == null ? Scaling.DEFAULT : scaling;
    domains = domains == null ? List.of() : List.copyOf(domains);
    healthPath = healthPath == null ? DEFAULT_HEALTH_PATH : healthPath;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    secrets = secrets == null ? List.of() : List.copyOf(new java.util.TreeSet<>(secrets));
    secretEnv = secretEnv == null ? Map.of() : Map.copyOf(secretEnv);
  }

  /** A spec without secret environment variables. */
  public FunctionSpec(String name, String runtime, long version, String image, String digest,
      Map<String, String> env, Limits limits, Scaling scaling, String project, String service,
      boolean isPublic, String network, List<String> domains, long createdAt, long updatedAt,
      String healthPath, Integer startTimeoutSeconds, Map<String, String> labels, String description,
      List<String> secrets, long secretsRevision, String schedule, String scheduleTimezone) {
    this(name, runtime, version, image, digest, env, limits, scaling, project, service, isPublic, network, domains,
      createdAt, updatedAt, healthPath, startTimeoutSeconds, labels, description, secrets, secretsRevision, schedule,
      scheduleTimezone, null);
  }

  /** A spec without a schedule. */
  public FunctionSpec(String name, String runtime, long version, String image, String digest,
      Map<String, String> env, Limits limits, Scaling scaling, String project, String service,
      boolean isPublic, String network, List<String> domains, long createdAt, long updatedAt,
      String healthPath, Integer startTimeoutSeconds, Map<String, String> labels, String description,
      List<String> secrets, long secretsRevision) {
    this(name, runtime, version, image, digest, env, limits, scaling, project, service, isPublic, network, domains,
      createdAt, updatedAt, healthPath, startTimeoutSeconds, labels, description, secrets, secretsRevision, null, null);
  }

  /** A spec without secrets. */
  public FunctionSpec(String name, String runtime, long version, String image, String digest,
      Map<String, String> env, Limits limits, Scaling scaling, String project, String service,
      boolean isPublic, String network, List<String> domains, long createdAt, long updatedAt,
      String healthPath, Integer startTimeoutSeconds, Map<String, String> labels, String description) {
    this(name, runtime, version, image, digest, env, limits, scaling, project, service, isPublic, network, domains,
      createdAt, updatedAt, healthPath, startTimeoutSeconds, labels, description, null, 0);
  }

  /** This spec with {@code secrets} (names) and {@code secretsRevision}. */
  public FunctionSpec withSecrets(List<String> names, long revision) {
    return withSecrets(names, secretEnv, revision);
  }

  /** This spec with {@code secrets} (names), {@code secretEnv} (variable to {@code secret/key}) and {@code secretsRevision}. */
  public FunctionSpec withSecrets(List<String> names, Map<String, String> secretEnv, long revision) {
    return new FunctionSpec(name, runtime, version, image, digest, env, limits, scaling, project, service, isPublic,
      network, domains, createdAt, updatedAt, healthPath, startTimeoutSeconds, labels, description, names, revision,
      schedule, scheduleTimezone, secretEnv);
  }

  /** The names of the secrets this function uses: those of {@link #secrets} and of {@link #secretEnv}, sorted. */
  public java.util.SortedSet<String> secretsUsed() {
    java.util.SortedSet<String> used = new java.util.TreeSet<>(secrets);
    secretEnv.values().forEach(ref -> used.add(secretOf(ref)));
    return used;
  }

  /** The secret of a {@link #secretEnv} reference {@code secret/key}. */
  public static String secretOf(String ref) {
    int slash = ref.indexOf('/');
    return slash < 0 ? ref : ref.substring(0, slash);
  }

  /** The key of a {@link #secretEnv} reference {@code secret/key}; empty when it has none. */
  public static String keyOf(String ref) {
    int slash = ref.indexOf('/');
    return slash < 0 ? "" : ref.substring(slash + 1);
  }

  /** This spec with {@code schedule} and {@code timezone} (both may be {@code null}). */
  public FunctionSpec withSchedule(String schedule, String timezone) {
    return new FunctionSpec(name, runtime, version, image, digest, env, limits, scaling, project, service, isPublic,
      network, domains, createdAt, updatedAt, healthPath, startTimeoutSeconds, labels, description, secrets,
      secretsRevision, schedule, timezone, secretEnv);
  }

  /** A spec with the default health path and start timeout, no labels and no description. */
  public FunctionSpec(String name, String runtime, long version, String image, String digest,
      Map<String, String> env, Limits limits, Scaling scaling, String project, String service,
      boolean isPublic, String network, List<String> domains, long createdAt, long updatedAt) {
    this(name, runtime, version, image, digest, env, limits, scaling, project, service, isPublic, network, domains,
      createdAt, updatedAt, null, null, null, null);
  }

  /** Reads the JSON form. @throws PlatError 400 naming a new-style field of the wrong type */
  public FunctionSpec(JsonObject json) {
    this(json.getString("name"), json.getString("runtime"), json.getLong("version", 0L),
      json.getString("image"), json.getString("digest"), stringMap(json.getJsonObject("env")),
      new Limits(json.getJsonObject("limits", new JsonObject())),
      new Scaling(json.getJsonObject("scaling", new JsonObject())),
      json.getString("project"), json.getString("service"), json.getBoolean("public", false),
      json.getString("network"), strings(json.getJsonArray("domains")),
      json.getLong("createdAt", 0L), json.getLong("updatedAt", 0L),
      text(json, "healthPath", "bad_health_path"), optionalWhole(json, "startTimeoutSeconds", "bad_start_timeout"),
      labels(json.getValue("labels")), text(json, "description", "bad_description"),
      secretNames(json.getValue("secrets")), json.getLong("secretsRevision", 0L),
      text(json, "schedule", "bad_schedule"), text(json, "scheduleTimezone", "bad_schedule_timezone"),
      secretEnv(json.getValue("secretEnv")));
  }

  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("runtime", runtime).put("version", version)
      .put("image", image).put("digest", digest).put("env", new JsonObject(new TreeMap<>(env)))
      .put("limits", limits.toJson()).put("scaling", scaling.toJson()).put("project", project)
      .put("service", service).put("public", isPublic).put("network", network)
      .put("domains", new JsonArray(domains)).put("createdAt", createdAt).put("updatedAt", updatedAt)
      .put("healthPath", healthPath).put("startTimeoutSeconds", startTimeoutSeconds)
      .put("labels", new JsonObject(new TreeMap<>(labels))).put("description", description)
      .put("secrets", new JsonArray(secrets)).put("secretsRevision", secretsRevision)
      .put("schedule", schedule).put("scheduleTimezone", scheduleTimezone)
      .put("secretEnv", new JsonObject(new TreeMap<>(secretEnv)));
  }

  /** {@link #startTimeoutSeconds} in milliseconds, or {@code nodeDefaultMs} when the function sets none. */
  public long startTimeoutMs(long nodeDefaultMs) {
    return startTimeoutSeconds == null ? nodeDefaultMs : startTimeoutSeconds * 1000L;
  }

  /** True when {@code name} is a valid function (or project/service) name. */
  public static boolean isValidName(String name) {
    return name != null && DNS_LABEL.matcher(name).matches();
  }

  /** Throws a 400 {@code bad_name} unless {@code name} is a DNS label. */
  public static String requireValidName(String name) {
    if (!isValidName(name)) {
      throw PlatError.badRequest("bad_name", "name must be 1-63 characters of a-z, 0-9 and '-', "
        + "starting and ending with a letter or digit; got '" + name + "'");
    }
    return name;
  }

  private static Map<String, String> stringMap(JsonObject json) {
    Map<String, String> map = new TreeMap<>();
    if (json != null) {
      json.forEach(e -> map.put(e.getKey(), String.valueOf(e.getValue())));
    }
    return map;
  }

  private static String text(JsonObject json, String field, String code) {
    Object value = json.getValue(field);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw PlatError.badRequest(code, field + " must be a string, got " + value);
  }

  private static Integer optionalWhole(JsonObject json, String field, String code) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      java.math.BigDecimal exact = new java.math.BigDecimal(n.toString());
      if (exact.signum() == 0 || exact.stripTrailingZeros().scale() <= 0) {
        try {
          return exact.intValueExact();
        } catch (ArithmeticException tooBig) {
          throw PlatError.badRequest(code, field + " is out of range: " + n);
        }
      }
    }
    throw PlatError.badRequest(code, field + " must be a whole number, got " + value);
  }

  private static Map<String, String> labels(Object value) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof JsonObject json)) {
      throw PlatError.badRequest("bad_labels", "labels must be an object of strings, got " + value);
    }
    Map<String, String> map = new TreeMap<>();
    json.forEach(e -> {
      if (!(e.getValue() instanceof String v)) {
        throw PlatError.badRequest("bad_labels", "labels." + e.getKey() + " must be a string, got " + e.getValue());
      }
      map.put(e.getKey(), v);
    });
    return map;
  }

  private static List<String> secretNames(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw PlatError.badRequest("bad_secrets", "secrets must be an array of secret names, got " + value);
    }
    List<String> names = new java.util.ArrayList<>();
    for (Object name : array) {
      if (!(name instanceof String s) || !isValidName(s)) {
        throw PlatError.badRequest("bad_secrets", "secrets must hold secret names (a-z, 0-9 and '-'), got '"
          + name + "'");
      }
      names.add(s);
    }
    return names;
  }

  private static Map<String, String> secretEnv(Object value) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof JsonObject json)) {
      throw PlatError.badRequest("bad_secret_env", "secretEnv must be an object of variable name to \"secret/key\"");
    }
    Map<String, String> map = new TreeMap<>();
    json.forEach(e -> {
      if (!(e.getValue() instanceof String v)) {
        throw PlatError.badRequest("bad_secret_env", "secretEnv." + e.getKey() + " must be a string \"secret/key\"");
      }
      map.put(e.getKey(), v);
    });
    return map;
  }

  private static List<String> strings(JsonArray array) {
    return array == null ? List.of() : array.stream().map(String::valueOf).toList();
  }

  /** Resource limits of one instance. {@code concurrency} 0 means unlimited. */
  public record Limits(int memoryMb, double cpus, int pids, int timeoutSeconds, int concurrency) {
    public static final Limits DEFAULT = new Limits(256, 1.0, 128, 60, 0);

    public Limits(JsonObject json) {
      this(whole(json, "limits", "memoryMb", DEFAULT.memoryMb), number(json, "limits", "cpus", DEFAULT.cpus),
        whole(json, "limits", "pids", DEFAULT.pids), whole(json, "limits", "timeoutSeconds", DEFAULT.timeoutSeconds),
        whole(json, "limits", "concurrency", DEFAULT.concurrency));
    }

    public JsonObject toJson() {
      return new JsonObject().put("memoryMb", memoryMb).put("cpus", cpus).put("pids", pids)
        .put("timeoutSeconds", timeoutSeconds).put("concurrency", concurrency);
    }
  }

  /** Bounds of the instance count; {@code min} 0 allows scale to zero. */
  public record Scaling(int min, int max) {
    public static final Scaling DEFAULT = new Scaling(1, 5);

    public Scaling(JsonObject json) {
      this(whole(json, "scaling", "min", DEFAULT.min), whole(json, "scaling", "max", DEFAULT.max));
    }

    public JsonObject toJson() {
      return new JsonObject().put("min", min).put("max", max);
    }
  }

  /**
   * A whole number that fits an {@code int}, or {@code otherwise} when absent: never truncated
   * ({@code 4294967312} is not 16). @throws PlatError 400 {@code bad_<group>} naming the field
   */
  static int whole(JsonObject json, String group, String field, int otherwise) {
    Object value = json.getValue(field);
    if (value == null) {
      return otherwise;
    }
    if (value instanceof Number n) {
      java.math.BigDecimal exact = new java.math.BigDecimal(n.toString());
      if (exact.signum() == 0 || exact.stripTrailingZeros().scale() <= 0) {
        try {
          return exact.intValueExact();
        } catch (ArithmeticException tooBig) {
          throw PlatError.badRequest("bad_" + group, group + "." + field + " is out of range: " + n);
        }
      }
    }
    throw PlatError.badRequest("bad_" + group, group + "." + field + " must be a whole number, got " + value);
  }

  /** A finite number, or {@code otherwise} when absent. @throws PlatError 400 {@code bad_<group>} naming the field */
  static double number(JsonObject json, String group, String field, double otherwise) {
    Object value = json.getValue(field);
    if (value == null) {
      return otherwise;
    }
    if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
      return n.doubleValue();
    }
    throw PlatError.badRequest("bad_" + group, group + "." + field + " must be a number, got " + value);
  }
}
