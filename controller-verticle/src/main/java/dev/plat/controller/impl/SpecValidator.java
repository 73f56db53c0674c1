package dev.plat.controller.impl;

import dev.plat.cluster.FunctionDirectory;
import dev.plat.cluster.HostNames;
import dev.plat.cluster.api.FunctionSpec;
import dev.plat.cluster.api.PlatError;
import dev.plat.cluster.api.Schedule;
import dev.plat.controller.ControllerOptions;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks what users give: names, limits, scaling, env, domains, health path, start timeout, labels
 * and description ({@link SpecMetadata}) (400 with a specific code), and
 * that no other function claims a host of this one (409 {@code conflict}). A custom domain is a
 * DNS name ({@link HostNames#isCustomDomain}: no IP literal in any spelling, no {@code localhost}
 * nor a name under it), never the base domain nor one of the gateway's own names
 * ({@code apiHosts}).
 */
final class SpecValidator {
  private static final Pattern RUNTIME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
  private static final Pattern NETWORK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private SpecValidator() {
  }

  /**
   * What this node lets a function ask for.
   *
   * @param cpus            the node's CPUs: the highest {@code limits.cpus}
   * @param memoryMb        the node's memory: the highest {@code limits.memoryMb}
   * @param maxInstances    the highest {@code scaling.max}
   * @param allowedNetworks the Docker networks a function may name; empty: none
   * @param reservedHosts   lower-case names no function may claim as a domain: the base domain and
   *                        the gateway's own names
   */
  public record Bounds(double cpus, long memoryMb, int maxInstances, List<String> allowedNetworks,
      Set<String> reservedHosts) {
    /** No bounds but the fixed ones: for tests of other rules. */
    public static final Bounds NONE = new Bounds(1024, Integer.MAX_VALUE, Integer.MAX_VALUE, List.of());

    public Bounds {
      reservedHosts = Set.copyOf(reservedHosts);
    }

    /** No reserved host names. */
    public Bounds(double cpus, long memoryMb, int maxInstances, List<String> allowedNetworks) {
      this(cpus, memoryMb, maxInstances, allowedNetworks, Set.of());
    }

    /**
     * This machine's CPUs and memory, the operator's {@code maxInstances} and {@code allowedNetworks},
     * the base domain and {@code apiHosts} as reserved names.
     */
    public static Bounds of(ControllerOptions options) {
      long memoryMb = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
        .getTotalMemorySize() / (1024 * 1024);
      Set<String> reserved = new HashSet<>(options.getApiHosts());
      reserved.add(options.getBaseDomain());
      return new Bounds(Runtime.getRuntime().availableProcessors(), memoryMb, options.getMaxInstances(),
        options.getAllowedNetworks(), reserved);
    }
  }

  /** Reads the user's fields of a spec ({@code version}, image, digest and times are ignored) and checks them. */
  public static FunctionSpec userSpec(JsonObject json) {
    return userSpec(json, Bounds.NONE);
  }

  /** {@link #userSpec(JsonObject)} within {@code bounds}. */
  public static FunctionSpec userSpec(JsonObject json, Bounds bounds) {
    if (json == null) {
      throw PlatError.badRequest("bad_spec", "a function spec is required");
    }
    FunctionSpec given;
    try {
      given = new FunctionSpec(json);
    } catch (PlatError e) {
      throw e;
    } catch (RuntimeException e) {
      throw PlatError.badRequest("bad_spec", "the function spec is malformed: " + e.getMessage());
    }
    FunctionSpec spec = new FunctionSpec(given.name(), given.runtime(), 0, null, null, given.env(), given.limits(),
      given.scaling(), blankToNull(given.project()), blankToNull(given.service()), given.isPublic(),
      blankToNull(given.network()), given.domains(), 0, 0, given.healthPath(), given.startTimeoutSeconds(),
      given.labels(), blankToNull(given.description())).withSecrets(given.secrets(), given.secretEnv(), 0)
      .withSchedule(blankToNull(given.schedule()), blankToNull(given.scheduleTimezone()));
    validate(spec);
    checkBounds(spec, bounds);
    return spec;
  }

  /** Limits, scaling, network and domains within what the node has and the operator allows. */
  public static void checkBounds(FunctionSpec spec, Bounds bounds) {
    for (String domain : spec.domains()) {
      if (bounds.reservedHosts().contains(domain)) {
        throw PlatError.badRequest("bad_domain", "domain '" + domain + "' is the base domain or a name the gateway "
          + "serves its API on (setting apiHosts); a function cannot claim it");
      }
    }
    FunctionSpec.Limits l = spec.limits();
    if (l.cpus() > bounds.cpus()) {
      throw PlatError.badRequest("bad_limits", "limits.cpus is above this node's " + bounds.cpus() + " CPUs: " + l.cpus());
    }
    if (l.memoryMb() > bounds.memoryMb()) {
      throw PlatError.badRequest("bad_limits", "limits.memoryMb is above this node's " + bounds.memoryMb()
        + " MiB: " + l.memoryMb());
    }
    if (spec.scaling().max() > bounds.maxInstances()) {
      throw PlatError.badRequest("bad_scaling", "scaling.max is above the allowed " + bounds.maxInstances()
        + " (setting maxInstances): " + spec.scaling().max());
    }
    if (spec.network() != null && !bounds.allowedNetworks().contains(spec.network())) {
      throw PlatError.badRequest("bad_network", "network '" + spec.network() + "' is not one the operator allows"
        + (bounds.allowedNetworks().isEmpty() ? " (none is: setting allowedNetworks)" : ": " + bounds.allowedNetworks()));
    }
  }

  /** Checks every user field of {@code spec}. */
  public static void validate(FunctionSpec spec) {
    FunctionSpec.requireValidName(spec.name());
    if (!Schedule.isNone(spec.schedule())) {
      Schedule.parse(spec.schedule(), spec.scheduleTimezone());
    } else if (spec.scheduleTimezone() != null && !spec.scheduleTimezone().isBlank()) {
      Schedule.parse("@every 1h", spec.scheduleTimezone());  // a bad zone is refused even without a schedule
    }
    if (spec.runtime() == null || !RUNTIME.matcher(spec.runtime()).matches()) {
      throw PlatError.badRequest("bad_runtime", "runtime must be a runtime name such as python-flask, got '"
        + spec.runtime() + "'");
    }
    if ((spec.project() == null) != (spec.service() == null)) {
      throw PlatError.badRequest("bad_project", "project and service go together: give both or neither");
    }
    if (spec.project() != null) {
      checkLabel("project", spec.project());
      checkLabel("service", spec.service());
      if (!FunctionSpec.isValidName(spec.project() + "-" + spec.service())) {
        throw PlatError.badRequest("bad_project", "'" + spec.project() + "-" + spec.service()
          + "' (project-service) must be at most 63 characters");
      }
    }
    Set<String> seen = new HashSet<>();
    for (String domain : spec.domains()) {
      if (!HostNames.isCustomDomain(domain) || !seen.add(domain)) {
        throw PlatError.badRequest("bad_domain", "domains must be distinct lower-case DNS names (no IP address, "
          + "no localhost), got '" + domain + "'");
      }
    }
    if (spec.network() != null && !NETWORK.matcher(spec.network()).matches()) {
      throw PlatError.badRequest("bad_network", "network must be a Docker network name, got '" + spec.network() + "'");
    }
    for (Map.Entry<String, String> e : spec.env().entrySet()) {
      if (!ENV_NAME.matcher(e.getKey()).matches() || e.getValue() == null || e.getValue().indexOf('\0') >= 0) {
        throw PlatError.badRequest("bad_env", "env names are letters, digits and '_' (not first a digit), "
          + "values are text; got '" + e.getKey() + "'");
      }
    }
    checkSecretEnv(spec);
    checkLimits(spec.limits());
    SpecMetadata.check(spec);
    FunctionSpec.Scaling s = spec.scaling();
    if (s.min() < 0 || s.max() < 1 || s.min() > s.max()) {
      throw PlatError.badRequest("bad_scaling", "scaling needs 0 <= min <= max and max >= 1, got min "
        + s.min() + " max " + s.max());
    }
  }

  /**
   * {@code secretEnv}: variable names as in {@code env}, none also in {@code env} nor starting
   * with {@code PLAT_} (the platform's), each value {@code secret/key} of a secret name and a key.
   */
  static void checkSecretEnv(FunctionSpec spec) {
    if (spec.secretEnv().size() > dev.plat.cluster.api.SecretData.MAX_KEYS) {
      throw PlatError.badRequest("bad_secret_env", "secretEnv has " + spec.secretEnv().size() + " variables; at most "
        + dev.plat.cluster.api.SecretData.MAX_KEYS);
    }
    for (Map.Entry<String, String> e : spec.secretEnv().entrySet()) {
      String field = "secretEnv." + e.getKey();
      if (!ENV_NAME.matcher(e.getKey()).matches() || e.getKey().length() > 256) {
        throw PlatError.badRequest("bad_secret_env", "secretEnv names are letters, digits and '_' (not first a digit); got '"
          + e.getKey() + "'");
      }
      if (e.getKey().startsWith("PLAT_")) {
        throw PlatError.badRequest("bad_secret_env", field + ": names starting with PLAT_ are the platform's");
      }
      if (spec.env().containsKey(e.getKey())) {
        throw PlatError.badRequest("bad_secret_env", field + " is also in env; give a variable one value");
      }
      String ref = e.getValue();
      if (ref.indexOf('/') < 0 || !FunctionSpec.isValidName(FunctionSpec.secretOf(ref))
          || !dev.plat.cluster.api.SecretData.isValidKey(FunctionSpec.keyOf(ref))) {
        throw PlatError.badRequest("bad_secret_env", field + " must be \"secret/key\" (a secret's name, '/', one of its"
          + " keys), got '" + ref + "'");
      }
    }
  }

  private static void checkLimits(FunctionSpec.Limits l) {
    if (l.memoryMb() < 16 || l.cpus() < 0.01 || l.cpus() > 1024 || l.pids() < 8 || l.pids() > 1_000_000
        || l.timeoutSeconds() < 1 || l.timeoutSeconds() > 86_400 || l.concurrency() < 0 || l.concurrency() > 100_000) {
      throw PlatError.badRequest("bad_limits", "limits need memoryMb >= 16, 0.01 <= cpus <= 1024, "
        + "8 <= pids <= 1000000, 1 <= timeoutSeconds <= 86400, 0 <= concurrency <= 100000; got " + l.toJson().encode());
    }
  }

  /**
   * A 409 {@code conflict} when another function serves a host of {@code spec}'s, in any form: its
   * {@code {project}-{service}} hosts (under {@code baseDomain} and {@code localhost}) or a domain.
   */
  public static void checkConflicts(FunctionSpec spec, Collection<FunctionSpec> registered, String baseDomain) {
    List<String> mine = FunctionDirectory.Entry.of(spec, baseDomain).hosts();
    for (FunctionSpec other : registered) {
      if (other.name().equals(spec.name())) {
        continue;
      }
      List<String> theirs = FunctionDirectory.Entry.of(other, baseDomain).hosts();
      for (String host : mine) {
        if (theirs.contains(host)) {
          throw PlatError.conflict("conflict", "host '" + host + "' already belongs to function '" + other.name() + "'");
        }
      }
    }
  }

  private static void checkLabel(String what, String value) {
    if (!FunctionSpec.isValidName(value)) {
      throw PlatError.badRequest("bad_" + what, what + " must be a DNS label (a-z, 0-9, '-'), got '" + value + "'");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
