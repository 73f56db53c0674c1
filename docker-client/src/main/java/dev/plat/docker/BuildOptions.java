package dev.plat.docker;

import dev.plat.docker.impl.JsonReads;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How an image is built. Intermediate containers are always removed, even after a failure.
 *
 * @param tags {@code name:tag} references given to the image
 * @param buildArgs values of the Dockerfile's {@code ARG}s
 * @param labels labels set on the image
 * @param dockerfile path of the Dockerfile inside the context
 * @param networkMode network of {@code RUN} steps: {@code none} (the default), {@code default}, {@code host}, ...
 * @param noCache do not use the build cache
 * @param pull always try to pull a newer base image
 */
public record BuildOptions(List<String> tags, Map<String, String> buildArgs, Map<String, String> labels,
                           String dockerfile, String networkMode, boolean noCache, boolean pull) {

  /** The Dockerfile path used when none is set. */
  public static final String DEFAULT_DOCKERFILE = "Dockerfile";
  /** The network of RUN steps when none is set: none, as every build of the platform runs offline. */
  public static final String DEFAULT_NETWORK_MODE = "none";

  public BuildOptions {
    tags = JsonReads.copy(tags);
    buildArgs = JsonReads.copy(buildArgs);
    labels = JsonReads.copy(labels);
    dockerfile = dockerfile == null || dockerfile.isBlank() ? DEFAULT_DOCKERFILE : dockerfile;
    networkMode = networkMode == null || networkMode.isBlank() ? DEFAULT_NETWORK_MODE : networkMode;
    for (String tag : tags) {
      if (tag == null || tag.isBlank() || tag.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("invalid image tag: '" + tag + "'");
      }
    }
  }

  /** @return a builder with the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** Fluent builder of {@link BuildOptions}. */
  public static final class Builder {
    private final List<String> tags = new ArrayList<>();
    private final Map<String, String> buildArgs = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private String dockerfile = DEFAULT_DOCKERFILE;
    private String networkMode = DEFAULT_NETWORK_MODE;
    private boolean noCache;
    private boolean pull;

    private Builder() {
    }

    public Builder tag(String reference) { tags.add(reference); return this; }
    public Builder buildArg(String name, String value) { buildArgs.put(name, value); return this; }
    public Builder label(String key, String value) { labels.put(key, value); return this; }
    public Builder labels(Map<String, String> values) { labels.putAll(values); return this; }
    public Builder dockerfile(String path) { this.dockerfile = path; return this; }
    public Builder networkMode(String mode) { this.networkMode = mode; return this; }
    public Builder noCache(boolean noCache) { this.noCache = noCache; return this; }
    public Builder pull(boolean pull) { this.pull = pull; return this; }

    public BuildOptions build() {
      return new BuildOptions(tags, buildArgs, labels, dockerfile, networkMode, noCache, pull);
    }
  }
}
