package dev.plat.cluster;

import static dev.plat.cluster.ValueType.BYTES;
import static dev.plat.cluster.ValueType.COUNT;
import static dev.plat.cluster.ValueType.DNS_LABEL;
import static dev.plat.cluster.ValueType.DNS_NAME;
import static dev.plat.cluster.ValueType.HOST;
import static dev.plat.cluster.ValueType.HOST_PORT;
import static dev.plat.cluster.ValueType.LISTEN_PORT;
import static dev.plat.cluster.ValueType.IPV4;
import static dev.plat.cluster.ValueType.MEMBERS;
import static dev.plat.cluster.ValueType.NAME;
import static dev.plat.cluster.ValueType.OPTIONAL_PATH;
import static dev.plat.cluster.ValueType.PATH;
import static dev.plat.cluster.ValueType.PORT;
import static dev.plat.cluster.ValueType.POSITIVE;
import static dev.plat.cluster.ValueType.SECRET;

import dev.plat.cluster.impl.Defaults;
import java.util.Map;
import java.util.function.Function;

/**
 * Every configuration setting of a node, in one place. Each key has a name (as written in the
 * configuration file), an environment variable, a command-line flag derived from the name
 * ({@code httpPort} -> {@code --http-port}), a {@link ValueType}, a default and a description.
 * Adding a setting is adding one line here; {@code docs/configuration.md} is generated from it.
 */
public enum ConfigKey {
  CONFIG("config", "PLAT_CONFIG", OPTIONAL_PATH, "",
    "Configuration file (.yaml, .yml or .json). Default: `plat.yaml` or `plat.json` in dataDir when present. Flag or env only."),
  DATA_DIR("dataDir", "PLAT_DATA_DIR", PATH, "~/.plat",
    "Where the node keeps its state: function registry, instance sockets, build contexts."),
  NODE_ID("nodeId", "PLAT_NODE_ID", DNS_LABEL, "node-<hostname>", Defaults::nodeId,
    "This node's id in the cluster; put on the containers it runs."),
  ROLES("roles", "PLAT_ROLES", ValueType.ROLES, "gateway,controller,proxy,builder",
    "Roles this node plays."),
  HTTP_HOST("httpHost", "PLAT_HTTP_HOST", HOST, "127.0.0.1",
    "Address the public HTTP gateway binds to."),
  HTTP_PORT("httpPort", "PLAT_HTTP_PORT", LISTEN_PORT, "8080",
    "Port of the public HTTP gateway: REST API, functions, dashboard. 0: a free port, written to `<dataDir>/ports.json`."),
  PROXY_PORT("proxyPort", "PLAT_PROXY_PORT", LISTEN_PORT, "8081",
    "Port of the node-to-node data plane: calls for this node's instances arriving from other nodes. 0: a free port, written to `<dataDir>/ports.json`."),
  CLUSTER_HOST("clusterHost", "PLAT_CLUSTER_HOST", IPV4, "127.0.0.1",
    "Address Hazelcast and the event bus bind to and advertise to the other members."),
  CLUSTER_PORT("clusterPort", "PLAT_CLUSTER_PORT", LISTEN_PORT, "5701",
    "Hazelcast member port. 0: a free port, written to `<dataDir>/ports.json` (members joining this one need a fixed port)."),
  CLUSTER_MEMBERS("clusterMembers", "PLAT_CLUSTER_MEMBERS", MEMBERS, "",
    "Members to join over TCP (`host:port,...`); empty: a single-member cluster."),
  CLUSTER_SIZE("clusterSize", "PLAT_CLUSTER_SIZE", ValueType.COUNT, "0",
    "How many members the cluster has when whole; a side of it needs a majority of them to schedule (one leading controller). 0: this node and its clusterMembers. Give every member the same value, or list every member everywhere."),
  CLUSTER_NAME("clusterName", "PLAT_CLUSTER_NAME", NAME, "plat",
    "Cluster name; only members with the same name form a cluster."),
  CLUSTER_SECRET("clusterSecret", "PLAT_CLUSTER_SECRET", ValueType.OPTIONAL_SECRET, "",
    "Shared secret of the cluster's nodes: a node forwarding an invocation to another node's proxy port proves with it that it is a member; any other request on the proxy port gets 401. Every member needs the same one (e.g. `openssl rand -base64 32`); required when `clusterMembers` is set. Empty on a single node: generated once into `<dataDir>/cluster.secret` (mode 0600) and reused."),
  ROUTE_LEASE_SECONDS("routeLeaseSeconds", "PLAT_ROUTE_LEASE_SECONDS", ValueType.LEASE_SECONDS, "15",
    "Every node renews its route lease each second; when another node sees a node's lease unchanged this long, it takes that node's routes out of the routing table (a node that left the cluster loses its routes at once, without waiting for this). Every member should use the same value."),
  DOCKER_HOST("dockerHost", "DOCKER_HOST", ValueType.DOCKER_HOST, "unix:///var/run/docker.sock",
    "Docker Engine API address."),
  REGISTRY("registry", "PLAT_REGISTRY", HOST_PORT, "127.0.0.1:5000",
    "Image registry that builds push to and nodes pull from."),
  AUTH_TOKEN("authToken", "AUTH_TOKEN", SECRET, "dev-token",
    "Bearer token required by the gateway's REST API and function calls."),
  TOKENS("tokens", "PLAT_TOKENS", ValueType.TOKEN_ROLES, "",
    "More gateway bearer tokens with their roles, `token:role,...`: `admin` (everything), `deployer` (the REST API `/api/**`), `invoker` (function calls only). `authToken` is always an admin token."),
  CORS_ORIGINS("corsOrigins", "PLAT_CORS_ORIGINS", ValueType.ORIGINS, "",
    "Web origins allowed to call the gateway from a browser (CORS), e.g. `http://localhost:3000`; `*` allows any. Covers the API and invocations (`/function/**`, public hosts): their preflights are answered without a token, their answers get `Access-Control-Allow-Origin` unless the function sets its own. Empty: none (the built-in dashboard is same-origin)."),
  BASE_DOMAIN("baseDomain", "PLAT_BASE_DOMAIN", DNS_NAME, "platform.test",
    "Public URLs are `<project>-<service>.<baseDomain>`."),
  API_HOSTS("apiHosts", "PLAT_API_HOSTS", ValueType.HOSTS, "localhost,127.0.0.1,::1,<hostname>", Defaults::apiHosts,
    "Names the gateway serves its REST API, `/health`, `/metrics` and dashboard on: no function may claim them as a domain (400), and requests for them are never routed to a function by Host. Add the node's public names here. `baseDomain` itself, `localhost` (and `*.localhost`) and IP addresses in any spelling are treated the same whatever this says."),
  BUILD_NETWORK("buildNetwork", "PLAT_BUILD_NETWORK", NAME, "none",
    "Docker network for the RUN steps of image builds; `none`: no network."),
  RUNTIMES_DIR("runtimesDir", "PLAT_RUNTIMES_DIR", PATH, "./runtimes, ../runtimes or <jar>/../../runtimes", Defaults::runtimesDir,
    "Folder of the runtimes (one sub-folder with Dockerfile and runtime.json each) that builds use."),
  WEBROOT("webroot", "PLAT_WEBROOT", PATH, "./webroot, ../webroot or <jar>/../../webroot", Defaults::webroot,
    "Folder of the dashboard's static files, served by the gateway at `/`."),
  MAX_UPLOAD_BYTES("maxUploadBytes", "PLAT_MAX_UPLOAD_BYTES", BYTES, "100MiB",
    "Largest zip a deploy may upload; a larger one is refused with 413."),
  MAX_ZIP_ENTRIES("maxZipEntries", "PLAT_MAX_ZIP_ENTRIES", POSITIVE, "10000",
    "Most entries (files and folders) a deployed zip may hold."),
  MAX_UNZIPPED_BYTES("maxUnzippedBytes", "PLAT_MAX_UNZIPPED_BYTES", BYTES, "512MiB",
    "Most bytes a deployed zip may expand to (counted while reading, not taken from its headers)."),
  MAX_ZIP_RATIO("maxZipRatio", "PLAT_MAX_ZIP_RATIO", POSITIVE, "100",
    "Highest expansion ratio (unzipped bytes / zip size) of a deployed zip over 1 MiB unzipped; above it the zip is refused as a bomb."),
  BUILD_CONCURRENCY("buildConcurrency", "PLAT_BUILD_CONCURRENCY", POSITIVE, "2",
    "Image builds a builder runs at once; the others wait in the build queue."),
  BUILD_QUEUE("buildQueue", "PLAT_BUILD_QUEUE", COUNT, "16",
    "Builds that may wait for a free slot; when full, a deploy is refused with 503."),
  BUILD_TIMEOUT_SECONDS("buildTimeoutSeconds", "PLAT_BUILD_TIMEOUT_SECONDS", POSITIVE, "600",
    "Longest time one build (context, image build and push) may take before it fails."),
  INSTANCE_START_TIMEOUT_SECONDS("instanceStartTimeoutSeconds", "PLAT_INSTANCE_START_TIMEOUT_SECONDS", POSITIVE, "30",
    "Longest time a new function instance may take to answer its health check before it counts as crashed."),
  ACTIVATION_TIMEOUT_SECONDS("activationTimeoutSeconds", "PLAT_ACTIVATION_TIMEOUT_SECONDS", POSITIVE, "30",
    "Longest time an invocation waits for a cold start (an instance being activated) before it fails with 503."),
  INVOCATION_QUEUE("invocationQueue", "PLAT_INVOCATION_QUEUE", COUNT, "1000",
    "Invocations of one function that may wait at a proxy for a free instance or a cold start; when full, 429 with Retry-After."),
  EJECTION_SECONDS("ejectionSeconds", "PLAT_EJECTION_SECONDS", COUNT, "10",
    "How long a proxy leaves an instance (or another node's proxy port) out of its balancing after a connection to it failed before any answer (refused, reset, not the instance's own process); doubles with each ejection in a row up to `maxEjectionSeconds`. An ejected instance still serves when its function has no other. 0: never eject."),
  MAX_EJECTION_SECONDS("maxEjectionSeconds", "PLAT_MAX_EJECTION_SECONDS", POSITIVE, "300",
    "The longest ejection of an instance by a proxy (see `ejectionSeconds`)."),
  PAUSE_AFTER_SECONDS("pauseAfterSeconds", "PLAT_PAUSE_AFTER_SECONDS", COUNT, "5",
    "An instance idle this long is paused (its route removed, its processes frozen) and resumed on the next request; 0: never pause."),
  PAUSE_MODE("pauseMode", "PLAT_PAUSE_MODE", ValueType.PAUSE_MODE, "auto",
    "How an idle instance is paused: `freezer` writes its cgroup freezer directly (cgroup v1 `freezer.state` or v2 `cgroup.freeze`; Docker then still lists it as running), `docker` uses the Engine API pause/unpause, `auto` the freezer when dockerd is local and the cgroup is writable, else the Engine API."),
  IDLE_TIMEOUT_SECONDS("idleTimeoutSeconds", "PLAT_IDLE_TIMEOUT_SECONDS", COUNT, "300",
    "A function idle this long loses its instances down to `scaling.min` (0: scaled to zero); 0: never remove idle instances."),
  POOL_SIZE("poolSize", "PLAT_POOL_SIZE", COUNT, "1",
    "Pre-started generic runtime containers the controller keeps per pooled runtime (each whose `runtime.json` says `\"pool\": true`: python-flask, node), specialized on a cold start instead of starting a container; 0: no pool."),
  ALLOWED_NETWORKS("allowedNetworks", "PLAT_ALLOWED_NETWORKS", ValueType.NAMES, "",
    "Docker networks a function may name in its `network` (egress); empty: none, every function runs on network `none`. `host`, `container:*` and anything unlisted are refused with 400."),
  MAX_INSTANCES("maxInstances", "PLAT_MAX_INSTANCES", POSITIVE, "20",
    "Highest `scaling.max` a function may ask for; above it a deploy or change is refused with 400."),
  VERSIONS_KEPT("versionsKept", "PLAT_VERSIONS_KEPT", POSITIVE, "10",
    "Versions of a function kept for `plat versions` and `plat rollback` (each deploy or rollback is one); an older one drops out and its image is removed unless a kept version or the running one uses it. A version a traffic split serves never drops out."),
  AUTOSCALE_TARGET("autoscaleTarget", "PLAT_AUTOSCALE_TARGET", POSITIVE, "10",
    "In-flight requests per instance the autoscaler aims at (a function with `limits.concurrency` > 0 aims at 70% of it)."),
  METRICS_PUBLIC("metricsPublic", "PLAT_METRICS_PUBLIC", ValueType.BOOLEAN, "false",
    "Serve the gateway's `GET /metrics` (Prometheus text) without a token; `false`: it needs an admin or deployer token."),
  FAST_PATH("fastPath", "PLAT_FAST_PATH", ValueType.BOOLEAN, "true",
    "Serve HTTP/1.x invocations on the gateway port, and those forwarded on the proxy port, with the proxy's own Netty handler instead of Vert.x's request objects (the same rules and answers, less CPU); `false`: every request goes through Vert.x."),
  MULTIPLEXED_HOP("multiplexedHop", "PLAT_MULTIPLEXED_HOP", ValueType.BOOLEAN, "true",
    "Forward invocations to another node's proxy port as streams of one HTTP/2 connection per event loop and node, several requests per write, instead of a TCP connection each (HTTP/1.1 keep-alive); needs `fastPath` on the node that serves them, so every node of a cluster should have the same `fastPath` and `multiplexedHop`."),
  HEADER_TIMEOUT_SECONDS("headerTimeoutSeconds", "PLAT_HEADER_TIMEOUT_SECONDS", POSITIVE, "10",
    "Longest time a client may take to send a whole request head on the gateway port, from the connection's start or from the first byte of a request on a kept-alive connection; then 408 (no answer when not a byte came) and the connection closes. Request bodies and responses are not limited by it (the function's `timeoutSeconds` is)."),
  KEEP_ALIVE_TIMEOUT_SECONDS("keepAliveTimeoutSeconds", "PLAT_KEEP_ALIVE_TIMEOUT_SECONDS", POSITIVE, "75",
    "Longest time a gateway connection may stay idle between a response's end and the next request's first byte; then it is closed."),
  MAX_CONNECTIONS("maxConnections", "PLAT_MAX_CONNECTIONS", POSITIVE, "10000",
    "Most client connections the gateway port holds at once on this node; a connection over it is answered 503 `too_many_connections` and closed."),
  H2C("h2c", "PLAT_H2C", ValueType.BOOLEAN, "false",
    "Accept HTTP/2 without TLS on the gateway port (prior knowledge or `Upgrade: h2c`). Off by default: with it on, Vert.x decodes each connection's first request itself, so HTTP/1.x connections do not get the fast path."),
  TLS_CERT("tlsCert", "PLAT_TLS_CERT", OPTIONAL_PATH, "",
    "PEM file of the gateway's certificate (its chain after it); with `tlsKey` the gateway port serves HTTPS only (HTTP/2 by ALPN, HTTP/1.1 otherwise). The files are read again when they change, without a restart. Empty: plain HTTP."),
  TLS_KEY("tlsKey", "PLAT_TLS_KEY", OPTIONAL_PATH, "",
    "PEM file of the private key of `tlsCert` (PKCS#8 or PKCS#1); set both or neither."),
  TLS_CERT_DIR("tlsCertDir", "PLAT_TLS_CERT_DIR", OPTIONAL_PATH, "",
    "With `tlsCert`: a folder of more certificates, one per set of host names (custom domains), chosen by the name a client asks for (SNI): each `NAME.pem` (certificate chain) with its key in `NAME.key`; `tlsCert` answers any other name. Read again, like `tlsCert`, when a file changes, comes or goes. Empty: none."),
  ASYNC_MAX_BODY_BYTES("asyncMaxBodyBytes", "PLAT_ASYNC_MAX_BODY_BYTES", BYTES, "1MiB",
    "Largest request body an asynchronous invocation (`/async-function/{name}`) may carry, and the most of a result body kept for it; a larger request is refused with 413, a larger result is cut (marked `truncated`)."),
  ASYNC_MAX_ATTEMPTS("asyncMaxAttempts", "PLAT_ASYNC_MAX_ATTEMPTS", POSITIVE, "3",
    "Most times an asynchronous invocation (and its callback) is tried; an answer 5xx or 429, a timeout or a failed connection is tried again after an exponential back-off, then the invocation is `failed` with the last status."),
  ASYNC_RETRY_DELAY_MS("asyncRetryDelayMs", "PLAT_ASYNC_RETRY_DELAY_MS", POSITIVE, "1000",
    "Back-off before the second attempt of an asynchronous invocation or callback; doubled for each further attempt, at most 5 minutes."),
  CALLBACK_ALLOWED_HOSTS("callbackAllowedHosts", "PLAT_CALLBACK_ALLOWED_HOSTS", ValueType.CALLBACK_TARGETS, "public",
    "Where an asynchronous invocation's `X-Callback-Url` may point: `public` (any host whose every address is public: not loopback, private, link-local such as the cloud metadata address, carrier-grade NAT, unique-local or reserved), host names (`hooks.example.com`), `*.example.com`, addresses and ranges (`10.0.0.0/8`, `127.0.0.1/32`). The host is resolved and every address must be allowed, at submission (400 `bad_callback_url` naming why) and again before each send, which goes to the checked address and follows no redirect. Leave out `public` to allow only what is listed; empty: no callbacks."),
  ASYNC_CONCURRENCY("asyncConcurrency", "PLAT_ASYNC_CONCURRENCY", POSITIVE, "8",
    "Asynchronous invocations a gateway node runs at once; the others stay queued (in the cluster, for any node)."),
  ASYNC_RESULT_TTL_SECONDS("asyncResultTtlSeconds", "PLAT_ASYNC_RESULT_TTL_SECONDS", POSITIVE, "86400",
    "How long a finished asynchronous invocation (state, result) stays readable by `GET /api/invocations/{id}`; queued and running ones never expire."),
  HTTP_REDIRECT_PORT("httpRedirectPort", "PLAT_HTTP_REDIRECT_PORT", ValueType.OPTIONAL_LISTEN_PORT, "",
    "With `tlsCert`: a plain-HTTP port on `httpHost` that answers every request 308 with the same URL on HTTPS (`httpPort`), e.g. 80 beside 443. Empty: none."),
  SECRETS_KEY_FILE("secretsKeyFile", "PLAT_SECRETS_KEY_FILE", OPTIONAL_PATH, "",
    "File holding the 256-bit key that encrypts secrets at rest (AES-256-GCM): 32 bytes, raw or base64 (e.g. `openssl rand -base64 32`), mode 0600. In a cluster give every node the same file: the gateway that takes a secret encrypts it and the node that runs an instance decrypts it. Empty: generated once into `<dataDir>/secrets.key` (mode 0600) and reused."),
  SECRETS_TMPFS_DIR("secretsTmpfsDir", "PLAT_SECRETS_TMPFS_DIR", ValueType.OPTIONAL_ABSOLUTE_PATH, "",
    "Memory folder (tmpfs or ramfs) under which a controller node writes its instances' plain secret files, in a folder `plat-<hash of dataDir>` of its own, mode 0700, removed when the controller stops and no instance uses it. It must exist and be on a memory file system, or the node refuses to start. Empty: `/dev/shm`, else `$XDG_RUNTIME_DIR`, else (with a warning) `<dataDir>/sockets`, on disk.");

  private final String key;
  private final String env;
  private final ValueType type;
  private final String defaultText;
  private final Function<Map<String, String>, String> defaultValue;
  private final String description;

  ConfigKey(String key, String env, ValueType type, String defaultValue, String description) {
    this(key, env, type, defaultValue, e -> defaultValue, description);
  }

  ConfigKey(String key, String env, ValueType type, String defaultText,
            Function<Map<String, String>, String> defaultValue, String description) {
    this.key = key;
    this.env = env;
    this.type = type;
    this.defaultText = defaultText;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /** The name in the configuration file and in {@link PlatConfig#toJson()}, e.g. {@code httpPort}. */
  public String key() {
    return key;
  }

  /** The environment variable, e.g. {@code PLAT_HTTP_PORT}. */
  public String env() {
    return env;
  }

  /** The command-line flag, e.g. {@code --http-port}. */
  public String flag() {
    return "--" + key.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
  }

  public ValueType type() {
    return type;
  }

  /** The default as documented, e.g. {@code ~/.plat} or {@code node-<hostname>}. */
  public String defaultText() {
    return defaultText;
  }

  /** The default value as text, derived from the environment where it depends on the host. */
  public String defaultValue(Map<String, String> env) {
    return defaultValue.apply(env);
  }

  /** One sentence saying what the setting does. */
  public String description() {
    return description;
  }

  /** The key named {@code key} in a configuration file, or {@code null}. */
  public static ConfigKey fromKey(String key) {
    for (ConfigKey k : values()) {
      if (k.key.equals(key)) {
        return k;
      }
    }
    return null;
  }

  /** The key whose flag is {@code flag} (with its leading dashes), or {@code null}. */
  public static ConfigKey fromFlag(String flag) {
    for (ConfigKey k : values()) {
      if (k.flag().equals(flag)) {
        return k;
      }
    }
    return null;
  }
}
