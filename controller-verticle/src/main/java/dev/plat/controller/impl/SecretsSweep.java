package dev.plat.controller.impl;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Deletes instances' secrets folders in a secrets root ({@link SecretsRoot}) without following a
 * link. The root sits on a shared tmpfs, so its path is not trusted: it is opened through its
 * parent with {@code O_NOFOLLOW} ({@link SecureDirectoryStream}) and must then be a folder of this
 * process's user; every entry below is read and removed relative to its open folder, so a link
 * anywhere in the tree (or swapped in meanwhile) is removed itself, never what it points to, and
 * nothing outside the root is touched. Blocking.
 */
final class SecretsSweep {
  /** An instance's secrets folder is {@code <instance>.secrets}. */
  static final String SUFFIX = ".secrets";
  private static final int MAX_DEPTH = 8;
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private SecretsSweep() {
  }

  /**
   * Deletes {@code root/name} and what it holds; nothing when either is not there.
   *
   * @throws IOException also when {@code root} is a link or not this user's folder
   */
  static void delete(Path root, String name) throws IOException {
    delete(root, name, true);
  }

  /**
   * {@link #delete(Path, String)}, but nothing when {@code root} is a link or another user's
   * folder: no secret of this process can be there ({@link SecretsRoot#prepare} refuses it).
   */
  static void deleteIfOurs(Path root, String name) throws IOException {
    delete(root, name, false);
  }

  private static void delete(Path root, String name, boolean strict) throws IOException {
    inRoot(root, false, strict, open -> {
      Path entry = Path.of(name);
      if (entry.getNameCount() != 1 || name.equals("..") || name.equals(".")) {
        throw new IOException("not an entry name: " + name);
      }
      try {
        deleteTree(open, entry, 0);
      } catch (NoSuchFileException gone) {
        // already gone
      }
      return List.of();
    });
  }

  /**
   * Deletes the entries {@code <id>.secrets} of {@code root} whose {@code id} is not {@code inUse},
   * then {@code root} itself when it is left empty and {@code removeRoot}. Other entries stay.
   *
   * @return the ids whose folders were deleted
   */
  static List<String> release(Path root, Predicate<String> inUse, boolean removeRoot) throws IOException {
    return inRoot(root, removeRoot, true, open -> {
      List<String> deleted = new ArrayList<>();
      for (Path entry : names(open)) {
        String name = entry.toString();
        String id = name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : null;
        if (id != null && !id.isEmpty() && !inUse.test(id)) {
          try {
            deleteTree(open, entry, 0);
          } catch (NoSuchFileException gone) {
            // deleted meanwhile
          }
          deleted.add(id);
        }
      }
      return deleted;
    });
  }

  private interface InRoot {
    List<String> apply(SecureDirectoryStream<Path> root) throws IOException;
  }

  private static List<String> inRoot(Path root, boolean removeWhenEmpty, boolean strict, InRoot action)
      throws IOException {
    Path absolute = root.toAbsolutePath().normalize();
    Path parent = absolute.getParent();
    Path name = absolute.getFileName();
    if (parent == null || name == null) {
      throw new IOException(root + " has no parent folder");
    }
    List<String> result;
    try (DirectoryStream<Path> parentStream = Files.newDirectoryStream(parent)) {
      if (!(parentStream instanceof SecureDirectoryStream<Path> secureParent)) {
        throw new IOException("this platform cannot delete under " + parent + " without following links");
      }
      try (SecureDirectoryStream<Path> open = secureParent.newDirectoryStream(name, NOFOLLOW)) {
        PosixFileAttributes attributes = open.getFileAttributeView(PosixFileAttributeView.class).readAttributes();
        if (!me(root).equals(attributes.owner())) {
          if (!strict) {
            return List.of();
          }
          throw new IOException(root + " belongs to another user; nothing deleted there");
        }
        result = action.apply(open);
      }
      if (removeWhenEmpty) {
        try {
          secureParent.deleteDirectory(name);  // rmdir: only an empty folder, never through a link
        } catch (java.nio.file.DirectoryNotEmptyException inUse) {
          // an instance's secrets (or something else) are still there: the folder stays
        }
      }
    } catch (NoSuchFileException gone) {
      return List.of();
    } catch (java.nio.file.FileSystemException notAFolder) {
      // O_NOFOLLOW on a link, or a file: never opened through
      if (Files.isSymbolicLink(absolute) || Files.exists(absolute, NOFOLLOW) && !Files.isDirectory(absolute, NOFOLLOW)) {
        if (!strict) {
          return List.of();
        }
        throw new IOException(root + " is not a folder; nothing deleted there", notAFolder);
      }
      throw notAFolder;
    }
    return result;
  }

  private static void deleteTree(SecureDirectoryStream<Path> folder, Path name, int depth) throws IOException {
    PosixFileAttributes attributes = folder.getFileAttributeView(name, PosixFileAttributeView.class, NOFOLLOW)
      .readAttributes();
    if (!attributes.isDirectory()) {
      folder.deleteFile(name);
      return;
    }
    if (depth >= MAX_DEPTH) {
      throw new IOException("a secrets folder deeper than " + MAX_DEPTH + " levels: " + name);
    }
    try (SecureDirectoryStream<Path> open = folder.newDirectoryStream(name, NOFOLLOW)) {
      for (Path entry : names(open)) {
        deleteTree(open, entry, depth + 1);
      }
    }
    folder.deleteDirectory(name);
  }

  /** The entries' names, read before any is deleted. */
  private static List<Path> names(SecureDirectoryStream<Path> folder) {
    List<Path> names = new ArrayList<>();
    for (Path entry : folder) {
      names.add(entry.getFileName());
    }
    return names;
  }

  private static UserPrincipal me(Path root) throws IOException {
    return root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
  }
}
