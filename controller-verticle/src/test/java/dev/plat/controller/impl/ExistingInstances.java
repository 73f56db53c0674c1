package dev.plat.controller.impl;

import dev.plat.cluster.Names;
import dev.plat.cluster.api.FunctionSpec;
import java.util.List;
import java.util.Map;

/** Functions and the labels of containers that already run them, as a controller finds them at start or when a node joins. */
final class ExistingInstances {
  private ExistingInstances() {
  }

  /** Version {@code version} of {@code name} with the node's default scaling. */
  static FunctionSpec spec(String name, long version) {
    return spec(name, version, null);
  }

  /** Version {@code version} of {@code name} keeping at least {@code min} instances (and at most {@code max(1, min)}). */
  static FunctionSpec spec(String name, long version, int min) {
    return spec(name, version, new FunctionSpec.Scaling(min, Math.max(1, min)));
  }

  private static FunctionSpec spec(String name, long version, FunctionSpec.Scaling scaling) {
    return new FunctionSpec(name, "python-flask", version, "img/" + name + ":" + version, "sha256:x", Map.of(),
      null, scaling, null, null, false, null, List.of(), 1, 1);
  }

  /** The labels a controller puts on instance {@code instance} of {@code spec} on node {@code node}. */
  static Map<String, String> labels(FunctionSpec spec, String instance, String node) {
    return Map.of(Names.Label.FUNCTION, spec.name(), Names.Label.VERSION, Long.toString(spec.version()),
      Names.Label.INSTANCE, instance, Names.Label.NODE, node, Names.Label.CONFIG, InstanceSpecs.fingerprint(spec));
  }
}
