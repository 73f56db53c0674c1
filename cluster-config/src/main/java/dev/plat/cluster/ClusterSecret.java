package dev.plat.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The proof of cluster membership that nodes send on each other's proxy ports
 * ({@link Names.Header#CLUSTER_AUTH}): the operator's {@code clusterSecret}, or on a single node
 * without one a secret generated once into {@code <dataDir>/cluster.secret}.
 *
 * <pre>{@code
 * PlatConfig config = ClusterSecret.resolve(PlatConfig.loadFromSystem(args)); // before Vert.x: reads a file
 * ClusterSecret secret = ClusterSecret.of(config);
 * boolean member = secret.matches(request.getHeader(Names.Header.CLUSTER_AUTH));
 * }</pre>
 */
public final class ClusterSecret {
  /** The file a single node keeps its generated secret in, under the data directory. */
  public static final String FILE = "cluster.secret";
  private static final int BYTES = 32;
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final byte[] secret;
  private final String value;

  private ClusterSecret(String value) {
    this.value = value;
    this.secret = value.getBytes(StandardCharsets.US_ASCII);
  }

  /** The secret of {@code config}; {@code null} when it has none (run {@link #resolve} first). */
  public static ClusterSecret of(PlatConfig config) {
    String value = config.clusterSecret();
    return value == null ? null : new ClusterSecret(value);
  }

  /**
   * {@code config} with a cluster secret: the configured one; else, when {@code clusterMembers} is
   * empty, the one in {@code <dataDir>/cluster.secret}, created (32 random bytes, base64url, mode
   * 0600, atomically) when absent. Blocking: call it before Vert.x starts.
   *
   * @throws ConfigException when a cluster has no secret, or the file is unusable
   */
  public static PlatConfig resolve(PlatConfig config) {
    if (config.clusterSecret() != null) {
      return config;
    }
    if (!config.clusterMembers().isEmpty()) {
      throw new ConfigException("clusterSecret must be set when clusterMembers is set: every member of the cluster "
        + "needs the same secret (e.g. `openssl rand -base64 32` into " + ConfigKey.CLUSTER_SECRET.env() + ")");
    }
    Path file = config.dataDir().resolve(FILE);
    try {
      return config.withClusterSecret(readOrCreate(file), file.toString());
    } catch (IOException e) {
      throw new ConfigException("clusterSecret: cannot read or create " + file + ": " + e.getMessage());
    }
  }

  private static String readOrCreate(Path file) throws IOException {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(file.getParent());
      // written in full under a temporary name, then linked: the link fails when another process was first
      Path temp = Files.createTempFile(file.getParent(), FILE, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      try {
        byte[] random = new byte[BYTES];
        new SecureRandom().nextBytes(random);
        Files.writeString(temp, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n",
          StandardCharsets.US_ASCII);
        try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
          channel.force(true);
        }
        Files.createLink(file, temp);
      } catch (FileAlreadyExistsException raced) {
        // another node process on the same data directory made it: use theirs
      } finally {
        Files.deleteIfExists(temp);
      }
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > 1024) {
      throw new IOException("not a regular file of at most 1 KiB");
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
    if (!OWNER_ONLY.containsAll(permissions)) {
      throw new IOException("others may read it (" + PosixFilePermissions.toString(permissions) + "); chmod 600 it");
    }
    return Files.readString(file, StandardCharsets.US_ASCII).strip();
  }

  /**
   * Whether {@code presented} (a header value, or {@code null}) is this secret, in time that
   * depends only on the secret's length.
   */
  public boolean matches(String presented) {
    if (presented == null) {
      return false;
    }
    // isEqual's time depends on its first argument's length only: the secret's, never the presented value's
    return MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** The value a node sends in {@link Names.Header#CLUSTER_AUTH}. */
  public String headerValue() {
    return value;
  }

  /** Masked: the secret is never logged. */
  @Override
  public String toString() {
    return "ClusterSecret[******]";
  }
}
