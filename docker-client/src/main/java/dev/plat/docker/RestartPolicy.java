package dev.plat.docker;

/**
 * What the daemon does when a container exits.
 *
 * @param name {@code no}, {@code always}, {@code unless-stopped} or {@code on-failure}
 * @param maxRetries most restarts for {@code on-failure}, otherwise {@code 0}
 */
public record RestartPolicy(String name, int maxRetries) {

  /** Never restart (the daemon's default). */
  public static final RestartPolicy NO = new RestartPolicy("no", 0);

  public RestartPolicy {
    if (!"no".equals(name) && !"always".equals(name) && !"unless-stopped".equals(name) && !"on-failure".equals(name)) {
      throw new IllegalArgumentException("unknown restart policy: " + name);
    }
    if (maxRetries < 0 || (maxRetries > 0 && !"on-failure".equals(name))) {
      throw new IllegalArgumentException("maxRetries must be >= 0 and only set for on-failure");
    }
  }

  /** Restart after a non-zero exit, at most {@code maxRetries} times (0: no bound). */
  public static RestartPolicy onFailure(int maxRetries) {
    return new RestartPolicy("on-failure", maxRetries);
  }
}
