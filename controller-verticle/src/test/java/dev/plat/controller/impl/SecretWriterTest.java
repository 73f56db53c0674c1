package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.plat.cluster.SecretCipher;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretWriterTest {
  @TempDir
  Path dir;

  private final SecretCipher cipher = SecretCipher.of(new byte[32]);

  private JsonObject sealed(String secret, String key, String value) {
    return new JsonObject().put(secret, new JsonObject().put(key, cipher.seal(secret, key, value.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void writesEachValueAsAnOwnerOnlyFile() throws Exception {
    Path folder = dir.resolve("abc.secrets");

    SecretWriter.write(folder, sealed("db", "password", "pw-1"), cipher);

    Path file = folder.resolve("db").resolve("password");
    assertEquals("pw-1", Files.readString(file));
    assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("db"))));
    if ("root".equals(System.getProperty("user.name"))) {
      assertEquals(10001, Files.getAttribute(file, "unix:uid"));
      assertEquals(10001, Files.getAttribute(folder, "unix:uid"));
    }
  }

  @Test
  void replacesWhatWasThereAndLeavesNothingWhenAValueDoesNotOpen() throws Exception {
    Path folder = dir.resolve("abc.secrets");
    SecretWriter.write(folder, sealed("db", "password", "pw-1"), cipher);
    SecretWriter.write(folder, sealed("api", "token", "t"), cipher);
    assertFalse(Files.exists(folder.resolve("db")));

    JsonObject bad = sealed("db", "password", "pw-1");
    SecretCipher other = SecretCipher.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
      20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    SecurityException e = assertThrows(SecurityException.class, () -> SecretWriter.write(folder, bad, other));
    assertFalse(e.getMessage().contains("pw-1"));
    assertFalse(Files.exists(folder));
  }
}
