package dev.plat.builder.impl;

import dev.plat.cluster.api.PlatError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Reads a spooled zip once, from disk, and refuses it (PlatError 400) unless it is a zip of at most
 * {@code maxEntries} entries whose names and links stay inside the function folder, which expands to
 * at most {@code maxUnzippedBytes} bytes and {@code maxRatio} times its size and which has the
 * runtime's handler at its root. The entry count, the central directory's size and the declared
 * sizes are checked first, in bounded memory ({@link CentralDirectory}); only then is the central
 * directory loaded, and bytes are counted again while inflating (declared sizes are not trusted).
 * Blocking: call it off the event loop.
 */
public final class ZipValidator {
  private static final int MAX_LINK_TARGET = 4096;

  private final int maxEntries;
  private final long maxUnzippedBytes;
  private final int maxRatio;

  public ZipValidator(int maxEntries, long maxUnzippedBytes, int maxRatio) {
    this.maxEntries = maxEntries;
    this.maxUnzippedBytes = maxUnzippedBytes;
    this.maxRatio = maxRatio;
  }

  /** @return what the zip holds; @throws PlatError 400 with a code saying what is wrong */
  public ZipManifest validate(Path zip, Runtime runtime) {
    long zipSize = sizeOf(zip);
    try {
      CentralDirectory.check(zip, maxEntries, new ExpansionBudget(maxUnzippedBytes, maxRatio, zipSize,
        "declares that it expands"));
      return read(zip, runtime, zipSize);
    } catch (PlatError e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // commons-compress reports some malformed archives with unchecked exceptions, and names the
      // file it read (the server's upload path) in others: the caller hears neither
      throw PlatError.badRequest("not_a_zip",
        "the upload is not a readable zip archive (damaged, truncated or not a zip)");
    }
  }

  private ZipManifest read(Path zip, Runtime runtime, long zipSize) throws IOException {
    try (ZipFile file = ZipFile.builder().setPath(zip).get()) {
      List<ZipArchiveEntry> entries = Collections.list(file.getEntries());
      if (entries.size() > maxEntries) {
        throw PlatError.badRequest("too_many_entries", "the zip has " + entries.size() + " entries; at most "
          + maxEntries + " are allowed");
      }
      ExpansionBudget budget = new ExpansionBudget(maxUnzippedBytes, maxRatio, zipSize, "expands");
      Map<String, ZipManifest.Item> items = new HashMap<>();
      for (ZipArchiveEntry entry : entries) {
        ZipManifest.Item item = read(file, entry, budget);
        if (item != null && items.putIfAbsent(item.name(), item) != null) {
          throw PlatError.badRequest("duplicate_entry", "the zip holds '" + item.name() + "' twice");
        }
      }
      requireFolders(items);
      items = unwrapped(items, runtime);
      List<ZipManifest.Item> sorted = new ArrayList<>(items.values());
      sorted.sort(Comparator.comparing(ZipManifest.Item::name));
      return new ZipManifest(sorted, entryPoint(items, runtime), budget.total());
    }
  }

  private ZipManifest.Item read(ZipFile file, ZipArchiveEntry entry, ExpansionBudget budget) throws IOException {
    String name = ZipNames.normalize(entry.getName());
    if (!file.canReadEntryData(entry)) {
      throw PlatError.badRequest("unsupported_zip", "the zip entry '" + name
        + "' is encrypted or uses an unsupported compression method");
    }
    if (entry.isUnixSymlink()) {
      String target = linkTarget(file, entry, name);
      ZipNames.requireInside(name, target);
      return new ZipManifest.Item(entry.getName(), name, ZipManifest.Kind.SYMLINK, 0, false, target);
    }
    if (entry.isDirectory()) {
      return name.isEmpty() ? null : new ZipManifest.Item(entry.getName(), name, ZipManifest.Kind.DIRECTORY, 0, false, null);
    }
    if (name.isEmpty()) {
      throw PlatError.badRequest("zip_slip", "the zip holds a file without a name");
    }
    long size = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = file.getInputStream(entry)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        size += n;
        budget.spend(n);
      }
    }
    boolean executable = (entry.getUnixMode() & 0111) != 0;
    return new ZipManifest.Item(entry.getName(), name, ZipManifest.Kind.FILE, size, executable, null);
  }

  private static String linkTarget(ZipFile file, ZipArchiveEntry entry, String name) throws IOException {
    try (InputStream in = file.getInputStream(entry)) {
      byte[] bytes = in.readNBytes(MAX_LINK_TARGET + 1);
      if (bytes.length > MAX_LINK_TARGET) {
        throw PlatError.badRequest("zip_slip", "the zip entry '" + name + "' is a link with an overlong target");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** A folder that holds entries must not itself be a file or a link. */
  private static void requireFolders(Map<String, ZipManifest.Item> items) {
    for (String name : items.keySet()) {
      for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
        ZipManifest.Item parent = items.get(name.substring(0, slash));
        if (parent != null && parent.kind() != ZipManifest.Kind.DIRECTORY) {
          throw PlatError.badRequest("duplicate_entry", "the zip holds '" + parent.name()
            + "' both as a " + parent.kind().name().toLowerCase(java.util.Locale.ROOT) + " and as a folder");
        }
      }
    }
  }

  /**
   * The entries without their common top folder when the handler is not at the root but in that
   * folder (a zip of the folder rather than of its content); else {@code items} unchanged.
   */
  static Map<String, ZipManifest.Item> unwrapped(Map<String, ZipManifest.Item> items, Runtime runtime) {
    if (runtime.entryPoints().stream().anyMatch(items::containsKey) || items.isEmpty()) {
      return items;
    }
    String top = items.keySet().iterator().next().split("/", 2)[0];
    String prefix = top + "/";
    ZipManifest.Item topItem = items.get(top);
    if ((topItem != null && topItem.kind() != ZipManifest.Kind.DIRECTORY)
        || !items.keySet().stream().allMatch(n -> n.equals(top) || n.startsWith(prefix))
        || runtime.entryPoints().stream().noneMatch(e -> items.containsKey(prefix + e))) {
      return items;
    }
    Map<String, ZipManifest.Item> inner = new HashMap<>();
    for (ZipManifest.Item item : items.values()) {
      if (!item.name().equals(top)) {
        String name = item.name().substring(prefix.length());
        if (item.kind() == ZipManifest.Kind.SYMLINK) {
          ZipNames.requireInside(name, item.linkTarget());
        }
        inner.put(name, new ZipManifest.Item(item.rawName(), name, item.kind(), item.size(), item.executable(), item.linkTarget()));
      }
    }
    return inner;
  }

  private static String entryPoint(Map<String, ZipManifest.Item> items, Runtime runtime) {
    if (items.values().stream().noneMatch(i -> i.kind() != ZipManifest.Kind.DIRECTORY)) {
      throw PlatError.badRequest("empty_zip", "the zip holds no file; it needs " + runtime.handler()
        + " at its root for runtime " + runtime.name());
    }
    for (String candidate : runtime.entryPoints()) {
      ZipManifest.Item item = items.get(candidate);
      if (item != null && item.kind() != ZipManifest.Kind.DIRECTORY) {
        return candidate;
      }
    }
    throw PlatError.badRequest("missing_handler", "runtime " + runtime.name() + " needs "
      + String.join(" or ", runtime.entryPoints()) + " at the root of the zip; none was found");
  }

  private static long sizeOf(Path zip) {
    try {
      if (!Files.isRegularFile(zip, LinkOption.NOFOLLOW_LINKS)) {
        throw new NoSuchFileException(zip.toString());
      }
      return Files.size(zip);
    } catch (IOException e) {
      throw PlatError.badRequest("upload_missing", "the uploaded zip is no longer there (send it again)");
    }
  }
}
