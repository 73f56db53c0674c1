package dev.plat.builder.impl;

import java.util.List;

/**
 * What a validated zip holds, in name order.
 *
 * @param entries      every file, folder and link, by normalised name
 * @param entryPoint   the handler (or alternative) found at the root
 * @param totalBytes   bytes the files expand to, as counted while reading them
 */
public record ZipManifest(List<Item> entries, String entryPoint, long totalBytes) {

  public ZipManifest {
    entries = List.copyOf(entries);
  }

  /** The kinds of entries a function folder may hold. */
  public enum Kind { FILE, DIRECTORY, SYMLINK }

  /**
   * One entry.
   *
   * @param rawName    the name stored in the zip (to read the entry again)
   * @param name       the normalised relative path, {@code a/b.py}
   * @param kind       file, folder or link
   * @param size       bytes of a file as counted while reading it (0 for others)
   * @param executable whether the zip marks a file executable
   * @param linkTarget a link's relative target, {@code null} for others
   */
  public record Item(String rawName, String name, Kind kind, long size, boolean executable, String linkTarget) {
  }
}
