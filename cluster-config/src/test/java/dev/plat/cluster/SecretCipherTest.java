package dev.plat.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretCipherTest {
  private static final byte[] VALUE = "s3cret-value".getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path dir;

  private static SecretCipher cipher(int fill) {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) fill);
    return SecretCipher.of(key);
  }

  @Test
  void opensWhatItSealed() {
    SecretCipher cipher = cipher(1);
    String sealed = cipher.seal("db", "password", VALUE);
    assertArrayEquals(VALUE, cipher.open("db", "password", sealed));
    assertFalse(new String(Base64.getDecoder().decode(sealed), StandardCharsets.ISO_8859_1).contains("s3cret"));
  }

  @Test
  void sealsEachValueWithItsOwnNonce() {
    SecretCipher cipher = cipher(1);
    assertNotEquals(cipher.seal("db", "password", VALUE), cipher.seal("db", "password", VALUE));
  }

  @Test
  void anotherKeyDoesNotOpenAndTheErrorNamesNoValue() {
    String sealed = cipher(1).seal("db", "password", VALUE);
    SecurityException e = assertThrows(SecurityException.class, () -> cipher(2).open("db", "password", sealed));
    assertFalse(e.getMessage().contains("s3cret"));
    assertTrue(e.getMessage().contains("db/password"), e.getMessage());
  }

  @Test
  void aTamperedValueDoesNotOpen() {
    SecretCipher cipher = cipher(1);
    byte[] bytes = Base64.getDecoder().decode(cipher.seal("db", "password", VALUE));
    bytes[bytes.length - 20] ^= 1;
    String tampered = Base64.getEncoder().encodeToString(bytes);
    assertThrows(SecurityException.class, () -> cipher.open("db", "password", tampered));
    assertThrows(SecurityException.class, () -> cipher.open("db", "password", "AAAA"));
    assertThrows(SecurityException.class, () -> cipher.open("db", "password", "not base64!"));
  }

  @Test
  void aValueMovedToAnotherSecretOrKeyDoesNotOpen() {
    SecretCipher cipher = cipher(1);
    String sealed = cipher.seal("db", "password", VALUE);
    assertThrows(SecurityException.class, () -> cipher.open("other", "password", sealed));
    assertThrows(SecurityException.class, () -> cipher.open("db", "user", sealed));
  }

  @Test
  void generatesTheKeyOnceOwnerOnlyAndReusesIt() throws Exception {
    SecretCipher first = SecretCipher.of(dir);
    Path file = dir.resolve(SecretCipher.FILE);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    String key = Files.readString(file);
    String sealed = first.seal("db", "k", VALUE);
    assertArrayEquals(VALUE, SecretCipher.of(dir).open("db", "k", sealed));
    assertEquals(key, Files.readString(file));
    assertEquals("SecretCipher[******]", first.toString());
  }

  @Test
  void usesTheOperatorsKeyFileAndRefusesAnUnsafeOne() throws Exception {
    Path file = dir.resolve("op.key");
    byte[] raw = new byte[32];
    java.util.Arrays.fill(raw, (byte) 7);
    Files.writeString(file, Base64.getEncoder().encodeToString(raw) + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    PlatConfig config = PlatConfig.of(Map.of(ConfigKey.DATA_DIR, dir.resolve("data").toString(), ConfigKey.SECRETS_KEY_FILE, file.toString()));
    String sealed = SecretCipher.of(config).seal("db", "k", VALUE);
    assertArrayEquals(VALUE, cipher(7).open("db", "k", sealed));
    assertFalse(Files.exists(dir.resolve("data").resolve(SecretCipher.FILE)));

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    ConfigException e = assertThrows(ConfigException.class, () -> SecretCipher.of(config));
    assertTrue(e.getMessage().contains("secretsKeyFile"), e.getMessage());

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(file, "too short");
    assertThrows(ConfigException.class, () -> SecretCipher.of(config));
  }
}
