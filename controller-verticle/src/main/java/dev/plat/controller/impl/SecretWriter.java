package dev.plat.controller.impl;

import dev.plat.cluster.SecretCipher;
import dev.plat.cluster.api.SecretData;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Writes an instance's secrets as files {@code <folder>/<secret>/<key>}: folders 0700, files 0400,
 * owned by the instances' user ({@link InstanceSpecs#USER}) so only it reads them in the container.
 * A node that may not change owners (not root) leaves them readable by all instead, and says so
 * once. Blocking; values never appear in a message.
 */
final class SecretWriter {
  private static final Logger LOG = Logger.getLogger(SecretWriter.class.getName());
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("r--------");
  private static final Set<PosixFilePermission> DIR_OPEN = PosixFilePermissions.fromString("rwxr-xr-x");
  private static final Set<PosixFilePermission> FILE_OPEN = PosixFilePermissions.fromString("r--r--r--");
  private static volatile boolean warned;

  private SecretWriter() {
  }

  static void write(Path folder, JsonObject sealed, SecretCipher cipher) throws IOException {
    deleteRecursive(folder);
    FileAttribute<Set<PosixFilePermission>> dirMode = PosixFilePermissions.asFileAttribute(DIR);
    Files.createDirectories(folder.getParent());
    Files.createDirectory(folder, dirMode);
    try {
      for (Map.Entry<String, Object> secret : sealed) {
        String name = SecretData.requireValidName(secret.getKey());
        Path dir = Files.createDirectory(folder.resolve(name), dirMode);
        JsonObject keys = (JsonObject) secret.getValue();
        for (Map.Entry<String, Object> key : keys) {
          if (!SecretData.isValidKey(key.getKey())) {
            throw new IOException("secret " + name + " has a bad key");
          }
          byte[] value = cipher.open(name, key.getKey(), (String) key.getValue());
          Path file = dir.resolve(key.getKey());
          Files.write(file, value);
          Files.setPosixFilePermissions(file, FILE);
        }
      }
      own(folder);
    } catch (IOException | RuntimeException e) {
      deleteRecursive(folder);
      throw e;
    }
  }

  /** Gives the tree to the instances' user; opens it to all where this process may not. */
  private static void own(Path folder) throws IOException {
    String[] ids = InstanceSpecs.USER.split(":");
    UserPrincipalLookupService lookup = folder.getFileSystem().getUserPrincipalLookupService();
    try (var paths = Files.walk(folder)) {
      for (Path p : paths.toList()) {
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        try {
          view.setOwner(lookup.lookupPrincipalByName(ids[0]));
          view.setGroup(lookup.lookupPrincipalByGroupName(ids[1]));
        } catch (IOException notRoot) {
          if (!warned) {
            warned = true;
            LOG.warning("secrets: this node cannot give secret files to uid " + ids[0] + " (" + notRoot.getMessage()
              + "); they are readable by every user of this host instead. Run the node as root to keep them private.");
          }
          Files.setPosixFilePermissions(p, Files.isDirectory(p) ? DIR_OPEN : FILE_OPEN);
        }
      }
    }
  }

  /** Deletes {@code folder} and what it holds, following no link ({@link SecretsSweep}). */
  static void deleteRecursive(Path folder) throws IOException {
    SecretsSweep.delete(folder.getParent(), folder.getFileName().toString());
  }
}
