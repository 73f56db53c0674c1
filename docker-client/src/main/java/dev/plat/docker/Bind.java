package dev.plat.docker;

/**
 * A host folder or file mounted into a container.
 *
 * @param hostPath absolute path on the daemon's host (or a named volume)
 * @param containerPath absolute path inside the container
 * @param readOnly mount read-only
 */
public record Bind(String hostPath, String containerPath, boolean readOnly) {

  public Bind {
    if (hostPath == null || hostPath.isEmpty() || containerPath == null || !containerPath.startsWith("/")) {
      throw new IllegalArgumentException("a bind needs a host path and an absolute container path, got " + hostPath + ":" + containerPath);
    }
  }

  /** Parses the daemon's {@code host:container[:options]} form. */
  public static Bind parse(String bind) {
    String[] parts = bind.split(":");
    if (parts.length < 2) {
      throw new IllegalArgumentException("not a bind: " + bind);
    }
    boolean readOnly = parts.length > 2 && ("," + parts[2] + ",").contains(",ro,");
    return new Bind(parts[0], parts[1], readOnly);
  }

  /** @return the daemon's form, {@code host:container} or {@code host:container:ro} */
  @Override
  public String toString() {
    return hostPath + ":" + containerPath + (readOnly ? ":ro" : "");
  }
}
