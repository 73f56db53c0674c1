package dev.plat.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionZipperTest {
  @TempDir
  Path tmp;

  static void write(Path root, String rel, String content) throws IOException {
    Path file = root.resolve(rel);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  /** Entry name to content, in the zip's order. */
  static Map<String, String> read(Path zip) throws IOException {
    Map<String, String> entries = new HashMap<>();
    List<String> order = new ArrayList<>();
    try (InputStream in = Files.newInputStream(zip); ZipInputStream zin = new ZipInputStream(in)) {
      for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
        order.add(e.getName());
        entries.put(e.getName(), new String(zin.readAllBytes()));
      }
    }
    assertEquals(order.size(), entries.size(), "duplicate entries: " + order);
    return entries;
  }

  @Test
  void zipsExactlyTheFilesThePlatignoreKeeps() throws IOException {
    Path fn = tmp.resolve("fn");
    write(fn, "handler.py", "def handle(): pass");
    write(fn, "requirements.txt", "flask");
    write(fn, "plat.json", "{}");
    write(fn, ".platignore", "# local stuff\n*.pyc\nvenv/\n/notes.md\n!keep.pyc\n");
    write(fn, "lib/util.py", "x = 1");
    write(fn, "lib/util.pyc", "bytecode");
    write(fn, "keep.pyc", "kept");
    write(fn, "venv/bin/python", "binary");
    write(fn, "notes.md", "private");
    write(fn, "lib/notes.md", "public");
    write(fn, ".git/config", "[core]");
    Path zip = tmp.resolve("out.zip");

    FunctionZipper.Result result = FunctionZipper.zip(fn, zip);

    List<String> expected = List.of(".platignore", "handler.py", "keep.pyc", "lib/notes.md", "lib/util.py",
      "plat.json", "requirements.txt");
    assertEquals(expected, result.entries());
    Map<String, String> entries = read(zip);
    assertEquals(expected, entries.keySet().stream().sorted().toList());
    assertEquals("def handle(): pass", entries.get("handler.py"));
    assertEquals(Files.size(zip), result.bytes());
  }

  @Test
  void neverStoresParentOrAbsolutePathsAndSkipsSymlinks() throws IOException {
    Path fn = tmp.resolve("fn");
    write(fn, "handler.py", "ok");
    write(tmp, "outside/secret.txt", "secret");
    Files.createSymbolicLink(fn.resolve("escape"), tmp.resolve("outside"));
    Files.createSymbolicLink(fn.resolve("secret-link.txt"), tmp.resolve("outside/secret.txt"));
    Path zip = tmp.resolve("out.zip");

    FunctionZipper.Result result = FunctionZipper.zip(fn, zip);

    Map<String, String> entries = read(zip);
    assertEquals(List.of("handler.py"), entries.keySet().stream().toList());
    assertEquals(List.of("escape", "secret-link.txt"), result.skipped().stream().sorted().toList());
    for (String name : entries.keySet()) {
      assertFalse(name.startsWith("/") || name.contains("\\") || List.of(name.split("/")).contains(".."), name);
    }
  }

  @Test
  void entryNamesAreRelativeSlashSeparatedAndRefuseClimbingOut() {
    Path root = tmp.resolve("fn");
    assertEquals("a/b/c.txt", FunctionZipper.name(root, root.resolve("a/b/c.txt")));
    assertThrows(IllegalArgumentException.class, () -> FunctionZipper.name(root, tmp.resolve("other/x")));
    assertThrows(IllegalArgumentException.class, () -> FunctionZipper.name(root, root));
  }

  @Test
  void keepsBinaryContentByteForByte() throws IOException {
    Path fn = tmp.resolve("fn");
    Files.createDirectories(fn);
    byte[] bytes = new byte[70_000];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31);
    }
    Files.write(fn.resolve("blob.bin"), bytes);
    Path zip = tmp.resolve("out.zip");
    FunctionZipper.zip(fn, zip);
    try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(zip))) {
      assertEquals("blob.bin", zin.getNextEntry().getName());
      assertArrayEquals(bytes, zin.readAllBytes());
    }
  }
}
