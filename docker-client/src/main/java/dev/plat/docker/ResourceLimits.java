package dev.plat.docker;

/**
 * Resource limits of a container; {@code 0} means unlimited.
 *
 * @param memoryBytes memory limit in bytes (the daemon wants at least 6 MiB); swap is not allowed on top
 * @param nanoCpus CPU quota in billionths of a CPU ({@code 500_000_000} is half a CPU)
 * @param pidsLimit most processes/threads the container may hold
 */
public record ResourceLimits(long memoryBytes, long nanoCpus, long pidsLimit) {

  /** No limits. */
  public static final ResourceLimits NONE = new ResourceLimits(0, 0, 0);

  public ResourceLimits {
    if (memoryBytes < 0 || nanoCpus < 0 || pidsLimit < 0) {
      throw new IllegalArgumentException("resource limits must be >= 0");
    }
  }
}
