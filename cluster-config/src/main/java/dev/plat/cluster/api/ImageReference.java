package dev.plat.cluster.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Docker image reference a user gives for "your own image": {@code [HOST[:PORT]/]PATH[:TAG][@sha256:HEX]},
 * checked with the grammar of the distribution project ({@code reference.go}). The first component
 * is the registry host when it holds a '.' or a ':' or is {@code localhost}; otherwise the image is
 * on Docker Hub ({@link #DOCKER_HUB}). A reference with neither tag nor digest means {@code latest}.
 *
 * <pre>{@code
 * ImageReference ref = ImageReference.parse("127.0.0.1:5001/team/hello:v1");
 * ref.registry();   // "127.0.0.1:5001"
 * ref.name();       // "127.0.0.1:5001/team/hello"
 * ref.tagged();     // "127.0.0.1:5001/team/hello:v1"
 * }</pre>
 *
 * @param registry   the registry host (with its port), {@link #DOCKER_HUB} when the reference names none
 * @param repository the path inside the registry, e.g. {@code team/hello}
 * @param tag        the tag, {@code null} when only a digest is given
 * @param digest     {@code sha256:...}, {@code null} when not given
 */
public record ImageReference(String registry, String repository, String tag, String digest) {
  /** The runtime of a function deployed from its own image: no build, no runtime folder, no pool. */
  public static final String RUNTIME = "image";
  /** The registry of a reference with no host. */
  public static final String DOCKER_HUB = "docker.io";
  /** The longest name (host and path) the distribution grammar allows. */
  public static final int MAX_NAME = 255;
  private static final String LABEL = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final Pattern HOST = Pattern.compile(
    "(?:" + LABEL + "(?:\\." + LABEL + ")*|\\[[0-9a-fA-F:]+\\])(?::[0-9]{1,5})?");
  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Pattern REFERENCE = Pattern.compile("([^@]+?)(?::([^:/@]+))?(?:@(.+))?");

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException saying what is wrong (without quoting more than the reference)
   */
  public static ImageReference parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("an image reference is required, e.g. registry.example.com/team/fn:1.0");
    }
    if (!text.equals(text.strip())) {
      throw new IllegalArgumentException("an image reference has no spaces");
    }
    Matcher m = REFERENCE.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not an image reference");
    }
    String name = m.group(1);
    String tag = m.group(2);
    String digest = m.group(3);
    if (name.length() > MAX_NAME) {
      throw new IllegalArgumentException("the image name is longer than " + MAX_NAME + " characters");
    }
    if (tag != null && !TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException("'" + tag + "' is not a tag: up to 128 of letters, digits, '_', '.', '-'");
    }
    if (digest != null && !DIGEST.matcher(digest).matches()) {
      throw new IllegalArgumentException("the digest must be sha256: and 64 lowercase hex digits");
    }
    String registry = DOCKER_HUB;
    String path = name;
    int slash = name.indexOf('/');
    if (slash > 0) {
      String first = name.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        if (!HOST.matcher(first).matches()) {
          throw new IllegalArgumentException("'" + first + "' is not a registry host[:port]");
        }
        registry = first;
        path = name.substring(slash + 1);
      }
    }
    for (String component : path.split("/", -1)) {
      if (!COMPONENT.matcher(component).matches()) {
        throw new IllegalArgumentException("'" + component + "' is not a repository path component: "
          + "lowercase letters and digits, separated by '.', '_', '__' or '-'");
      }
    }
    if (tag == null && digest == null) {
      tag = "latest";
    }
    return new ImageReference(registry, path, tag, digest);
  }

  /**
   * {@link #parse} for a request: a bad reference is a 400 {@code bad_image} naming {@code field}.
   */
  public static ImageReference require(Object value, String field) {
    if (!(value instanceof String text)) {
      throw PlatError.badRequest("bad_image", field + " must be an image reference such as registry.example.com/team/fn:1.0");
    }
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw PlatError.badRequest("bad_image", field + ": " + e.getMessage());
    }
  }

  /** True when {@code host} may name a registry ({@code host[:port]}, as in a reference). */
  public static boolean isValidRegistry(String host) {
    return host != null && host.length() <= MAX_NAME && HOST.matcher(host).matches();
  }

  /** The name a pull takes: host (unless Docker Hub's implicit one) and path. */
  public String name() {
    return DOCKER_HUB.equals(registry) ? repository : registry + "/" + repository;
  }

  /** {@code name:tag}, or the bare name when only a digest was given. */
  public String tagged() {
    return tag == null ? name() : name() + ":" + tag;
  }

  /** The whole reference as given (normalised): {@code name[:tag][@digest]}. */
  @Override
  public String toString() {
    return digest == null ? tagged() : tagged() + "@" + digest;
  }
}
