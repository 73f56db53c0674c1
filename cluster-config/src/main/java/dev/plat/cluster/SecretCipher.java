package dev.plat.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secret values at rest: AES-256-GCM (JDK {@code javax.crypto}), a random 12-byte nonce
 * per value, the secret's name and key as associated data (a value moved to another secret or key
 * does not open). A sealed value is base64 of {@code nonce | ciphertext | tag}. The key is the
 * operator's {@code secretsKeyFile} or one generated once into {@code <dataDir>/secrets.key}.
 *
 * <pre>{@code
 * SecretCipher cipher = SecretCipher.of(config);          // blocking: reads or creates the key file
 * String sealed = cipher.seal("db", "password", bytes);   // stored, sent to the node that runs the instance
 * byte[] plain = cipher.open("db", "password", sealed);   // on that node, written into the instance's folder
 * }</pre>
 */
public final class SecretCipher {
  /** The file a node keeps its generated key in, under the data directory. */
  public static final String FILE = "secrets.key";
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  private SecretCipher(byte[] key) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException("a secrets key has " + KEY_BYTES + " bytes, got " + key.length);
    }
    this.key = new SecretKeySpec(key, "AES");
  }

  /** A cipher with {@code key} (32 bytes). */
  public static SecretCipher of(byte[] key) {
    return new SecretCipher(key.clone());
  }

  /**
   * The cipher of {@code config}: the key in {@code secretsKeyFile}, else in {@code
   * <dataDir>/secrets.key}, created (32 random bytes, base64, mode 0600, atomically) when absent.
   * Blocking: call it off the event loop.
   *
   * @throws ConfigException when the file is unusable
   */
  public static SecretCipher of(PlatConfig config) {
    return of(config.secretsKeyFile(), config.dataDir());
  }

  /** The cipher of the key generated once into {@code <dataDir>/secrets.key}; see {@link #of(PlatConfig)}. */
  public static SecretCipher of(Path dataDir) {
    return of(null, dataDir);
  }

  private static SecretCipher of(Path given, Path dataDir) {
    Path file = given != null ? given : dataDir.resolve(FILE);
    try {
      if (given == null) {
        createIfAbsent(file);
      }
      return new SecretCipher(read(file));
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(ConfigKey.SECRETS_KEY_FILE.key() + ": cannot use " + file + ": " + e.getMessage());
    }
  }

  /** Encrypts {@code value} of key {@code key} of secret {@code secret}. */
  public String seal(String secret, String key, byte[] value) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad(secret, key));
      byte[] sealed = cipher.doFinal(value);
      return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce)
        .put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
    }
  }

  /**
   * Decrypts what {@link #seal} made of key {@code key} of secret {@code secret}.
   *
   * @throws SecurityException when it does not open: another key, a changed or moved value (the message names no value)
   */
  public byte[] open(String secret, String key, String sealed) {
    try {
      byte[] bytes = Base64.getDecoder().decode(sealed);
      if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
        throw new SecurityException("secret " + secret + "/" + key + " is too short to be sealed");
      }
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
      cipher.updateAAD(aad(secret, key));
      return cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new SecurityException("secret " + secret + "/" + key + " does not decrypt with this node's "
        + ConfigKey.SECRETS_KEY_FILE.key() + " (another key, or the stored value was changed)");
    }
  }

  private static byte[] aad(String secret, String key) {
    return (secret + "/" + key).getBytes(StandardCharsets.UTF_8);
  }

  private static void createIfAbsent(Path file) throws IOException {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.createDirectories(file.getParent());
    // written in full under a temporary name, then linked: the link fails when another process was first
    Path temp = Files.createTempFile(file.getParent(), FILE, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    try {
      byte[] random = new byte[KEY_BYTES];
      RANDOM.nextBytes(random);
      Files.writeString(temp, Base64.getEncoder().encodeToString(random) + "\n", StandardCharsets.US_ASCII);
      try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.createLink(file, temp);
    } catch (FileAlreadyExistsException raced) {
      // another process on the same data directory made it first: use theirs
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static byte[] read(Path file) throws IOException {
    if (!Files.isRegularFile(file) || Files.size(file) > 1024) {
      throw new IOException("not a regular file of at most 1 KiB");
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
    if (!OWNER_ONLY.containsAll(permissions)) {
      throw new IOException("others may read it (" + PosixFilePermissions.toString(permissions) + "); chmod 600 it");
    }
    byte[] raw = Files.readAllBytes(file);
    if (raw.length == KEY_BYTES) {
      return raw;
    }
    try {
      return Base64.getDecoder().decode(new String(raw, StandardCharsets.US_ASCII).strip());
    } catch (IllegalArgumentException e) {
      throw new IOException("it holds neither 32 bytes nor their base64");
    }
  }

  /** Masked: the key is never logged. */
  @Override
  public String toString() {
    return "SecretCipher[******]";
  }
}
