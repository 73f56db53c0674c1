package dev.plat.controller.impl;

import static dev.plat.controller.impl.HazelcastRegistryStoreTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.ConfigException;
import dev.plat.cluster.PlatConfig;
import dev.plat.cluster.SecretCipher;
import dev.plat.controller.SocketDirs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code secretsTmpfsDir}: the memory folder an operator names for the instances' secret files, checked at start. */
class SecretsTmpfsDirTest {
  private static final Path SHM = Path.of("/dev/shm");
  private final Vertx vertx = Vertx.vertx();

  @TempDir
  Path dataDir;

  @AfterEach
  void close() throws Exception {
    await(vertx.close());
  }

  private static String refusal(Path configured) {
    return assertThrows(ConfigException.class,
      () -> SecretsRoot.of(Path.of("/data"), Path.of("/data/sockets"), configured, "--secrets-tmpfs-dir")).getMessage();
  }

  @Test
  void aFolderThatIsMissingOrAFileOrOnDiskOrRelativeIsRefusedNamingTheKeyTheValueAndWhy() throws Exception {
    String rule = "secretsTmpfsDir must be an existing folder on a memory file system (tmpfs or ramfs), got '";
    Path missing = dataDir.resolve("missing");
    assertEquals(rule + missing + "' (from --secrets-tmpfs-dir): no such folder", refusal(missing));
    Path file = Files.writeString(dataDir.resolve("file"), "x");
    assertEquals(rule + file + "' (from --secrets-tmpfs-dir): not a folder", refusal(file));
    assertEquals(rule + "shm' (from --secrets-tmpfs-dir): not an absolute path", refusal(Path.of("shm")));
    Assumptions.assumeFalse(SecretsRoot.isMemory(dataDir), "the temporary folder is on disk here");
    String type = Files.getFileStore(dataDir).type();
    assertEquals(rule + dataDir + "' (from --secrets-tmpfs-dir): its file system is " + type + ", on disk",
      refusal(dataDir));
  }

  @Test
  void aMemoryFolderHoldsTheNodesOwnFolderNamedAfterItsDataFolder() {
    Assumptions.assumeTrue(SecretsRoot.isMemory(SHM), "/dev/shm is a tmpfs here");
    Path chosen = SecretsRoot.of(dataDir, dataDir.resolve("sockets"), SHM, "--secrets-tmpfs-dir");
    assertEquals(SHM, chosen.getParent());
    assertEquals(SecretsRoot.of(dataDir, dataDir.resolve("sockets")), chosen, "the same folder as found by default");
    assertEquals(SecretsRoot.of(dataDir, dataDir.resolve("sockets")),
      SecretsRoot.of(dataDir, dataDir.resolve("sockets"), null, "default"), "unset: chosen as before");
  }

  @Test
  void theControllersFoldersAreRefusedAtStartWhenTheKeyNamesADiskFolder() throws Exception {
    Path disk = Files.createDirectory(dataDir.resolve("disk"));
    Assumptions.assumeFalse(SecretsRoot.isMemory(disk), "the temporary folder is on disk here");
    PlatConfig config = PlatConfig.load(new String[] {"--data-dir", dataDir.toString(), "--secrets-tmpfs-dir",
      disk.toString()}, Map.of());

    Future<SocketDirs> dirs = SocketDirs.under(vertx, config, () -> SecretCipher.of(new byte[32]));

    Throwable failure = assertThrows(java.util.concurrent.ExecutionException.class, () -> await(dirs)).getCause();
    assertTrue(failure.getMessage().startsWith("secretsTmpfsDir must be an existing folder on a memory file system"),
      failure::getMessage);
    assertTrue(failure.getMessage().contains("(from --secrets-tmpfs-dir)"), failure::getMessage);
    assertFalse(Files.exists(disk.resolve(SecretsRoot.of(dataDir, dataDir, SHM, "-").getFileName())), "nothing made");
  }

  @Test
  void theControllersSecretsGoUnderTheKeysMemoryFolder() throws Exception {
    Assumptions.assumeTrue(SecretsRoot.isMemory(SHM), "/dev/shm is a tmpfs here");
    PlatConfig config = PlatConfig.load(new String[] {"--data-dir", dataDir.toString(), "--secrets-tmpfs-dir",
      SHM.toString()}, Map.of());

    SocketDirs dirs = await(SocketDirs.under(vertx, config, () -> SecretCipher.of(new byte[32])));

    assertEquals(SecretsRoot.of(dataDir, dataDir.resolve("sockets"), SHM, "-").resolve("i1.secrets").toString(),
      dirs.secretsFolder("i1"));
  }
}
