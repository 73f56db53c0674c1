package dev.plat.docker;

/**
 * A successful push.
 *
 * @param repository the repository pushed to, e.g. {@code 127.0.0.1:5000/fn/hello}
 * @param tag the tag pushed
 * @param digest the manifest digest, {@code sha256:...}
 * @param size the manifest size in bytes
 */
public record PushResult(String repository, String tag, String digest, long size) {

  /** @return the immutable reference {@code repository@digest} */
  public String reference() {
    return repository + "@" + digest;
  }
}
