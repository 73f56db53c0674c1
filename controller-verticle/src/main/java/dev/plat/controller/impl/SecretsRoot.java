package dev.plat.controller.impl;

import dev.plat.cluster.ConfigException;
import dev.plat.cluster.ConfigKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Where a node writes its instances' plain secret files before it bind-mounts them: a folder of a
 * memory file system (tmpfs), so a value never rests on the host's disk: {@code
 * /dev/shm/plat-<hash of the data folder>/} or, without {@code /dev/shm}, under {@code
 * $XDG_RUNTIME_DIR}. The folder is this process's own, mode 0700 (checked before each write: a
 * folder someone else made there is refused). A host with neither falls back to the data folder's
 * {@code sockets/} (on disk) and says so once. An operator may name the memory folder instead
 * ({@link ConfigKey#SECRETS_TMPFS_DIR}): it must then exist on a memory file system, or the node
 * refuses to start.
 */
final class SecretsRoot {
  private static final Logger LOG = Logger.getLogger(SecretsRoot.class.getName());
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
  private static final Set<String> MEMORY_FILE_SYSTEMS = Set.of("tmpfs", "ramfs");

  private SecretsRoot() {
  }

  /** The folder for the instances of the node whose data folder is {@code dataDir}; {@code sockets} when no tmpfs is found. */
  static Path of(Path dataDir, Path sockets) {
    String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
    List<Path> candidates = runtimeDir == null || runtimeDir.isBlank() ? List.of(Path.of("/dev/shm"))
      : List.of(Path.of("/dev/shm"), Path.of(runtimeDir));
    return choose(candidates, dataDir, sockets);
  }

  /**
   * {@link #of(Path, Path)}, or with {@code configured} ({@link ConfigKey#SECRETS_TMPFS_DIR}, from
   * {@code source}) set: {@code configured/plat-<hash>}. Blocking.
   *
   * @throws ConfigException naming the key when {@code configured} is not an existing folder on a
   *                         memory file system
   */
  static Path of(Path dataDir, Path sockets, Path configured, String source) {
    if (configured == null) {
      return of(dataDir, sockets);
    }
    String problem = notMemory(configured);
    if (problem != null) {
      throw new ConfigException(ConfigKey.SECRETS_TMPFS_DIR.key() + " must be an existing folder on a memory file "
        + "system (tmpfs or ramfs), got '" + configured + "' (from " + source + "): " + problem);
    }
    return configured.resolve("plat-" + hash(dataDir));
  }

  /** Why {@code folder} is not an absolute path to a folder on tmpfs or ramfs; {@code null} when it is. */
  static String notMemory(Path folder) {
    if (!folder.isAbsolute()) {
      return "not an absolute path";
    }
    if (!Files.exists(folder)) {
      return "no such folder";
    }
    if (!Files.isDirectory(folder)) {
      return "not a folder";
    }
    try {
      String type = Files.getFileStore(folder).type();
      return MEMORY_FILE_SYSTEMS.contains(type) ? null : "its file system is " + type + ", on disk";
    } catch (IOException | SecurityException e) {
      return "its file system cannot be read (" + e.getMessage() + ")";
    }
  }

  /** The first of {@code candidates} on a memory file system, plus {@code plat-<hash>}; else {@code fallback}. */
  static Path choose(List<Path> candidates, Path dataDir, Path fallback) {
    for (Path candidate : candidates) {
      if (isMemory(candidate)) {
        return candidate.resolve("plat-" + hash(dataDir));
      }
    }
    LOG.warning("secrets: no tmpfs found (" + candidates + "); instances' secret files are written under " + fallback
      + ", on disk");
    return fallback;
  }

  /** True when {@code folder} is a directory on tmpfs or ramfs. */
  static boolean isMemory(Path folder) {
    return notMemory(folder) == null;
  }

  /** Makes {@code root} (mode 0700, this process's own) or checks the one there. Blocking. */
  static void prepare(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(root.getParent());
      try {
        Files.createDirectory(root, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // checked below
      }
    }
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(root + " is not a folder; refusing to write secrets there");
    }
    UserPrincipal me = root.getFileSystem().getUserPrincipalLookupService()
      .lookupPrincipalByName(System.getProperty("user.name"));
    if (!me.equals(Files.getOwner(root, LinkOption.NOFOLLOW_LINKS))) {
      throw new IOException(root + " belongs to another user; refusing to write secrets there");
    }
    Files.setPosixFilePermissions(root, OWNER_ONLY);
  }

  private static String hash(Path dataDir) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
        .digest(dataDir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
