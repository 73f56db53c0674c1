package dev.plat.cluster;

/**
 * Every name the roles share: event-bus addresses, Hazelcast structure names, Docker label keys
 * and HTTP header names. No other file spells one of these as a string literal.
 */
public final class Names {
  private Names() {
  }

  /** Event-bus addresses. */
  public static final class Address {
    private Address() {
    }

    /** Publish: function and instance state changes, for the dashboard and the CLI. */
    public static final String STATUS = "plat.status";
    /** Publish: build progress and log lines. */
    public static final String BUILD_EVENTS = "plat.build.events";
    /**
     * Request/reply, local only (never leaves the node, never reaches a client): a build's image is
     * built and its context file is on this node's disk; the builder deletes it once the reply (empty)
     * comes. Fields {@code buildId}, {@code function}, {@code version}, {@code imageId}, {@code context} (a path).
     */
    public static final String BUILD_CONTEXTS = "plat.build.contexts";
    /** Request/reply: start a build. */
    public static final String BUILDER = "plat.builder";
    /**
     * Request/reply: the builder of one node, suffixed with the node id ({@code plat.builder.node.<node>}):
     * asked for a build it runs, whose live record only it holds.
     */
    public static final String BUILDER_NODE_PREFIX = "plat.builder.node.";
    /** Request/reply: controller commands (deploy, delete, start, stop, list, get). */
    public static final String CONTROLLER = "plat.controller";
    /** Request/reply: ask the controller to activate an instance of a function (cold start). */
    public static final String ACTIVATE = "plat.controller.activate";
    /** Publish: proxies report in-flight counts per function for autoscaling. */
    public static final String PROXY_STATS = "plat.proxy.stats";
    /**
     * Prefix of a node's instance agent: {@code plat.agent.<nodeId>} runs container, socket-folder
     * and health operations on that node's own dockerd for the leading controller.
     */
    public static final String AGENT_PREFIX = "plat.agent.";
    /** Published: container events ({@code die}, {@code oom}, {@code destroy}) of every node's instances. */
    public static final String AGENT_EVENTS = "plat.agent.events";
    /** Request/reply: a role's health, suffixed with the node id: {@code plat.health.<node>}. */
    public static final String HEALTH_PREFIX = "plat.health.";
    /**
     * Request/reply, answered by every gateway node's asynchronous worker: a schedule's tick
     * submitted as an asynchronous invocation ({@code fire}), or a schedule's last tick ({@code mark}).
     */
    public static final String SCHEDULE_TICKS = "plat.async.schedule";
    /** Request/reply, answered by the leading controller: every schedule with its next and last tick. */
    public static final String SCHEDULES = "plat.controller.schedules";
  }

  /** Hazelcast structure names. */
  public static final class Hz {
    private Hz() {
    }

    /**
     * ReplicatedMap: instance id to its {@link dev.plat.cluster.Route} as a JSON string, read
     * locally by every proxy through {@link dev.plat.cluster.RouteTable}.
     */
    public static final String ROUTES = "plat-routes";
    /** ReplicatedMap: function name to its directory entry (public flag, hosts), read by gateways. */
    public static final String FUNCTIONS = "plat-functions";
    /** IMap: the function registry (durable copy on disk, replicated copy with backups). */
    public static final String REGISTRY = "plat-registry";
    /**
     * ReplicatedMap: node id to its {@link dev.plat.cluster.NodeInfo} as JSON (roles, addresses,
     * capacity), written by each node at start, read locally by the scheduler ({@link dev.plat.cluster.NodeDirectory}).
     */
    public static final String NODES = "plat-nodes";
    /**
     * ReplicatedMap: node id to its route lease, a number its node raises every second while it
     * runs; routes of a node whose lease stops changing expire ({@link dev.plat.cluster.RouteJanitor}).
     */
    public static final String LEASES = "plat-leases";
    /**
     * IMap: build id to the build's record as JSON (state, outcome, the last log lines), written by
     * the builder that runs it, each entry living {@link dev.plat.cluster.BuildStore#TTL_SECONDS}.
     */
    public static final String BUILDS = "plat-builds";
    /**
     * IMap: build id to the deploy waiting for it (the candidate spec), written by the leader before
     * it acknowledges a deploy, so that a new leader finishes the deploys of the one it replaced.
     */
    public static final String DEPLOYS = "plat-deploys";
    /**
     * IMap: invocation id to an asynchronous invocation's record as JSON (request, state, attempts,
     * result), one synchronous backup, mirrored to each gateway node's disk; finished records expire.
     */
    public static final String INVOCATIONS = "plat-invocations";
    /** Hazelcast member attribute holding the Plat node id of the member. */
    public static final String NODE_ATTRIBUTE = "plat.node";
    /**
     * Hazelcast member attribute, {@code "true"} on a member that may lead the control plane (it has
     * the controller role): the oldest such member leads ({@link dev.plat.cluster.Leadership}).
     */
    public static final String CONTROLLER_ATTRIBUTE = "plat.controller";
  }

  /** Docker label keys put on every container and image Plat makes. */
  public static final class Label {
    private Label() {
    }

    public static final String FUNCTION = "plat.function";
    public static final String VERSION = "plat.version";
    public static final String INSTANCE = "plat.instance";
    public static final String NODE = "plat.node";
    /** A hash of the settings an instance runs with (image, env, limits, network): stale when it differs. */
    public static final String CONFIG = "plat.config";
    /** Marks containers and images made by tests, so tests remove only their own. */
    public static final String TEST = "plat.test";
    /** A pre-started pool container of the runtime it names (no {@link #FUNCTION} label, even once specialized). */
    public static final String POOL = "plat.pool";
  }

  /** HTTP header names. */
  public static final class Header {
    private Header() {
    }

    public static final String REQUEST_ID = "X-Plat-Request-Id";
    /** Deploy: the function spec (minus name and runtime) as compact JSON, beside a raw zip body. */
    public static final String SPEC = "X-Plat-Spec";
    public static final String FORWARDED_FOR = "X-Forwarded-For";
    public static final String FORWARDED_HOST = "X-Forwarded-Host";
    public static final String FORWARDED_PROTO = "X-Forwarded-Proto";
    /**
     * Internal: set by a proxy that streams an invocation to the owning node's proxy port, with
     * its node id; the receiving proxy serves it from local instances only and never forwards it
     * again. Never reaches a function.
     */
    public static final String FORWARDED_BY = "X-Plat-Forwarded-By";
    /**
     * Internal: the cluster secret ({@link ClusterSecret}) a proxy sends with every request to
     * another node's proxy port, which answers 401 without it. Never reaches a function, never logged.
     */
    public static final String CLUSTER_AUTH = "X-Plat-Cluster-Auth";
    /** The id of an accepted asynchronous invocation, on the 202 answer. */
    public static final String INVOCATION_ID = "X-Invocation-Id";
    /** Asynchronous invocation: where its result is POSTed when it is finished. */
    public static final String CALLBACK_URL = "X-Callback-Url";
    /** Asynchronous invocation: a second submission with the same key (per function) gets the first id. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** On a scheduled invocation: the tick it was fired for (ISO-8601 instant, UTC). */
    public static final String SCHEDULE = "X-Plat-Schedule";
    /** Internal: on a {@link Internal#LOGS} answer, how many containers its lines come from (each line prefixed). */
    public static final String LOG_SOURCES = "X-Plat-Log-Sources";
  }

  /** Internal endpoints on the node-to-node (proxy) port, served only with {@link Header#CLUSTER_AUTH}. */
  public static final class Internal {
    private Internal() {
    }

    /** Every path under it is internal; the rest of the proxy port is forwarded invocations. */
    public static final String PREFIX = "/_plat/";
    /**
     * {@code GET /_plat/logs?function=NAME&tail=N&follow=true&timestamps=false}: the output of this
     * node's containers of the function, streamed, each line {@code [instance] line}.
     */
    public static final String LOGS = "/_plat/logs";
  }

  /** HTTP paths served between nodes only (with {@link Header#CLUSTER_AUTH}), never to users. */
  public static final class NodePath {
    private NodePath() {
    }

    /** {@code GET /_plat/uploads/{id}} on a gateway's HTTP port: a deploy's zip, for the builder that builds it. */
    public static final String UPLOADS = "/_plat/uploads/";
  }
}
