package dev.plat.gateway.auth;

import dev.plat.cluster.ConfigKey;
import dev.plat.cluster.PlatConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's bearer tokens and their roles. Tokens are kept as SHA-256 digests and a presented
 * token is compared with every one of them by {@link MessageDigest#isEqual} without stopping at a
 * match, so the time taken says nothing about which token, or how much of one, matched.
 */
public final class TokenStore {
  /** The token {@code authToken} has when nobody set it. */
  public static final String DEFAULT_TOKEN = "dev-token";

  private record Entry(byte[] digest, ApiRole role) {
  }

  /** One SHA-256 per thread (event loops, workers): getInstance costs a provider lookup and a reflective new. */
  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(TokenStore::sha256);

  private final List<Entry> entries = new ArrayList<>();

  /** @param tokenRoles {@code token:role} strings (the role after the last ':') */
  public TokenStore(String adminToken, List<String> tokenRoles) {
    entries.add(new Entry(digest(adminToken), ApiRole.ADMIN));
    for (String entry : tokenRoles) {
      int colon = entry.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("a token entry must be token:role");
      }
      entries.add(new Entry(digest(entry.substring(0, colon)), ApiRole.of(entry.substring(colon + 1))));
    }
  }

  /** The tokens of {@code authToken} (admin) and {@code tokens}. */
  public static TokenStore from(PlatConfig config) {
    return new TokenStore(config.authToken(), config.getList(ConfigKey.TOKENS));
  }

  /** The role of {@code token}, empty when it is not a known token. */
  public Optional<ApiRole> roleOf(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    byte[] presented = digest(token);
    ApiRole found = null;
    for (Entry entry : entries) {
      if (MessageDigest.isEqual(entry.digest, presented) && found == null) {
        found = entry.role;
      }
    }
    return Optional.ofNullable(found);
  }

  private static byte[] digest(String token) {
    // digest() resets the instance; one per thread spares the provider lookup on every request
    return SHA_256.get().digest(token.getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
