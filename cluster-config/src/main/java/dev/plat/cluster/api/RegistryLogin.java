package dev.plat.cluster.api;

/**
 * Credentials for a private registry ({@code plat registry login}), kept like a secret: sealed by
 * the gateway ({@code SecretCipher}, secret name {@link #sealName}), stored and replicated with the
 * secrets under {@link #entry}, a name no secret can have, opened only by the node that pulls. The
 * keys of the sealed data are {@link #USERNAME} and {@link #PASSWORD}.
 */
public final class RegistryLogin {
  /** Prefix of the secrets store's entry of a registry host; ':' cannot be in a secret's name. */
  public static final String ENTRY_PREFIX = "registry:";
  public static final String USERNAME = "username";
  public static final String PASSWORD = "password";

  private RegistryLogin() {
  }

  /** The secrets store's entry holding {@code host}'s credentials. */
  public static String entry(String host) {
    return ENTRY_PREFIX + host;
  }

  /** True for an entry of the secrets store that holds registry credentials, not a secret. */
  public static boolean isEntry(String name) {
    return name != null && name.startsWith(ENTRY_PREFIX);
  }

  /** The name the values are sealed under (the associated data of {@code SecretCipher}). */
  public static String sealName(String host) {
    return entry(host);
  }

  /** Throws a 400 {@code bad_registry} naming the field unless {@code host} is a {@code host[:port]}. */
  public static String requireValidHost(Object host) {
    if (!(host instanceof String h) || !ImageReference.isValidRegistry(h)) {
      throw PlatError.badRequest("bad_registry", "host must be a registry host[:port] such as registry.example.com"
        + " or 127.0.0.1:5001");
    }
    return h;
  }
}
