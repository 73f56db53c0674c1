package dev.plat.builder.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plat.cluster.api.PlatError;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipValidatorTest {
  private static final long MIB = 1 << 20;

  @TempDir
  Path tmp;
  private Runtime runtime;
  private final ZipValidator validator = new ZipValidator(100, 64 * MIB, 100);

  @BeforeEach
  void runtime() throws IOException {
    runtime = Zips.runtime(tmp.resolve("runtimes"), "python-flask");
  }

  private Path zip(Zips zips) throws IOException {
    return zips.writeTo(Files.createTempFile(tmp, "upload", ".zip"));
  }

  private PlatError refused(ZipValidator validator, Zips zips) throws IOException {
    Path zip = zip(zips);
    PlatError e = assertThrows(PlatError.class, () -> validator.validate(zip, runtime));
    assertEquals(400, e.status(), e.getMessage());
    return e;
  }

  private PlatError refused(Zips zips) throws IOException {
    return refused(validator, zips);
  }

  @Test
  void acceptsAZipWithTheHandlerAndListsItsEntriesInNameOrder() throws IOException {
    ZipManifest manifest = validator.validate(zip(Zips.of().file("lib/util.py", "x = 1\n").file("handler.py", "def handle(r): pass\n")
      .file("requirements.txt", "").dir("data")), runtime);
    assertEquals("handler.py", manifest.entryPoint());
    assertEquals(List.of("data", "handler.py", "lib/util.py", "requirements.txt"),
      manifest.entries().stream().map(ZipManifest.Item::name).toList());
    assertEquals(26, manifest.totalBytes());
  }

  @Test
  void acceptsAnAlternativeEntryPoint() throws IOException {
    assertEquals("app.py", validator.validate(zip(Zips.of().file("app.py", "app = None\n")), runtime).entryPoint());
  }

  @Test
  void unwrapsASingleTopFolderHoldingTheHandler() throws IOException {
    ZipManifest manifest = validator.validate(zip(Zips.of().dir("my-function").file("my-function/handler.py", "")
      .file("my-function/lib/a.py", "")), runtime);
    assertEquals(List.of("handler.py", "lib/a.py"), manifest.entries().stream().map(ZipManifest.Item::name).toList());
    assertEquals("my-function/lib/a.py", manifest.entries().get(1).rawName());
  }

  @Test
  void doesNotUnwrapALinkSoThatItLeadsOut() throws IOException {
    assertEquals("zip_slip", refused(Zips.of().file("top/handler.py", "").symlink("top/x", "../handler.py")).code());
  }

  @Test
  void acceptsALinkThatStaysInside() throws IOException {
    ZipManifest manifest = validator.validate(zip(Zips.of().file("handler.py", "").symlink("lib/h.py", "../handler.py")), runtime);
    ZipManifest.Item link = manifest.entries().get(1);
    assertEquals(ZipManifest.Kind.SYMLINK, link.kind());
    assertEquals("../handler.py", link.linkTarget());
  }

  @Test
  void refusesAParentTraversal() throws IOException {
    assertEquals("zip_slip", refused(Zips.of().file("handler.py", "").file("../evil", "x")).code());
  }

  @Test
  void refusesAnAbsolutePath() throws IOException {
    assertEquals("zip_slip", refused(Zips.of().file("handler.py", "").file("/abs", "x")).code());
  }

  @Test
  void refusesATraversalHiddenInTheMiddle() throws IOException {
    assertEquals("zip_slip", refused(Zips.of().file("handler.py", "").file("a/../../b", "x")).code());
  }

  @Test
  void refusesBackslashesAndDriveLetters() throws IOException {
    assertEquals("zip_slip", refused(Zips.of().file("handler.py", "").file("..\\..\\evil", "x")).code());
    assertEquals("zip_slip", refused(Zips.of().file("handler.py", "").file("C:/evil", "x")).code());
  }

  @Test
  void refusesASymlinkToEtcPasswd() throws IOException {
    PlatError e = refused(Zips.of().file("handler.py", "").symlink("passwd", "/etc/passwd"));
    assertEquals("zip_slip", e.code());
    assertTrue(e.getMessage().contains("/etc/passwd"), e.getMessage());
  }

  @Test
  void refusesASymlinkClimbingOut() throws IOException {
    assertEquals("zip_slip", refused(Zips.of().file("handler.py", "").symlink("lib/x", "../../secret")).code());
  }

  @Test
  void refusesMoreEntriesThanTheLimit() throws IOException {
    Zips zips = Zips.of().file("handler.py", "");
    for (int i = 0; i < 5; i++) {
      zips.file("f" + i, "");
    }
    PlatError e = refused(new ZipValidator(5, 64 * MIB, 100), zips);
    assertEquals("too_many_entries", e.code());
    assertTrue(e.getMessage().contains("6 entries"), e.getMessage());
  }

  @Test
  void refusesABombOverTheUnzippedLimit() throws IOException {
    PlatError e = refused(new ZipValidator(100, 10 * MIB, 100_000), Zips.of().file("handler.py", "").zeros("zeros", 50 * MIB));
    assertEquals("zip_bomb", e.code());
    assertTrue(e.getMessage().contains("more than " + 10 * MIB + " bytes"), e.getMessage());
  }

  @Test
  void refusesABombOverTheRatio() throws IOException {
    PlatError e = refused(new ZipValidator(100, 1024 * MIB, 100), Zips.of().file("handler.py", "").zeros("zeros", 50 * MIB));
    assertEquals("zip_bomb", e.code());
    assertTrue(e.getMessage().contains("100 times"), e.getMessage());
  }

  @Test
  void countsInflatedBytesNotTheSizesTheHeadersClaim() throws IOException {
    Path zip = zip(Zips.of().file("handler.py", "").zeros("zeros", 3 * MIB));
    lieAboutUncompressedSizes(zip);
    PlatError e = assertThrows(PlatError.class, () -> new ZipValidator(100, 2 * MIB, 100_000).validate(zip, runtime));
    assertEquals("zip_bomb", e.code());
  }

  @Test
  void acceptsHighlyCompressibleSmallFiles() throws IOException {
    assertEquals(512 * 1024, validator.validate(zip(Zips.of().file("handler.py", "").zeros("blank", 512 * 1024)), runtime)
      .totalBytes());
  }

  @Test
  void refusesAZipWithoutTheHandler() throws IOException {
    PlatError e = refused(Zips.of().file("main.py", "").file("src/handler.py", ""));
    assertEquals("missing_handler", e.code());
    assertTrue(e.getMessage().contains("handler.py or app.py"), e.getMessage());
  }

  @Test
  void refusesAHandlerThatIsAFolder() throws IOException {
    assertEquals("missing_handler", refused(Zips.of().dir("handler.py").file("x.py", "")).code());
  }

  @Test
  void refusesSomethingThatIsNotAZip() throws IOException {
    Path notZip = Files.writeString(tmp.resolve("upload.zip"), "this is not a zip at all, just text\n");
    PlatError e = assertThrows(PlatError.class, () -> validator.validate(notZip, runtime));
    assertEquals("not_a_zip", e.code());
  }

  @Test
  void refusesATruncatedZipAsNotAZip() throws IOException {
    Path zip = zip(Zips.of().file("handler.py", "def handle(r): pass\n").zeros("data", 100_000));
    byte[] bytes = Files.readAllBytes(zip);
    Files.write(zip, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertEquals("not_a_zip", assertThrows(PlatError.class, () -> validator.validate(zip, runtime)).code());
  }

  @Test
  void namesNoServerPathWhateverIsWrongWithTheZip() throws IOException {
    Path uploads = Files.createDirectories(tmp.resolve("uploads"));
    byte[] good = Files.readAllBytes(zip(Zips.of().file("handler.py", "def handle(r): pass\n")));
    // a local header, then an end record claiming one entry whose central directory is not there
    java.nio.ByteBuffer eocd = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN)
      .putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 1).putShort((short) 1)
      .putInt(46).putInt(0).putShort((short) 0);
    byte[] noDirectory = new byte[30 + 46 + 22];
    System.arraycopy(new byte[] {'P', 'K', 3, 4}, 0, noDirectory, 0, 4);
    System.arraycopy(eocd.array(), 0, noDirectory, 76, 22);
    byte[] corruptEntry = good.clone();
    for (int i = 30; i < 60 && i < corruptEntry.length; i++) {
      corruptEntry[i] = (byte) 0xff;
    }
    // what a proxy that re-encodes a binary body as UTF-8 text makes of a zip (Prism did)
    byte[] reEncoded = new String(good, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    byte[][] bad = {"not a zip".getBytes(StandardCharsets.UTF_8), new byte[0], noDirectory, corruptEntry,
      java.util.Arrays.copyOf(good, good.length / 2), reEncoded};
    for (int i = 0; i < bad.length; i++) {
      Path upload = Files.write(uploads.resolve("u-" + i + ".zip"), bad[i]);
      PlatError e = assertThrows(PlatError.class, () -> validator.validate(upload, runtime), "case " + i);
      assertFalse(e.getMessage().contains(tmp.toString()) || e.getMessage().contains("uploads")
        || e.getMessage().contains("u-" + i), "case " + i + ": " + e.getMessage());
      assertFalse(e.getMessage().contains("Exception"), "case " + i + ": " + e.getMessage());
    }
    Path gone = uploads.resolve("gone.zip");
    PlatError missing = assertThrows(PlatError.class, () -> validator.validate(gone, runtime));
    assertEquals("upload_missing", missing.code());
    assertFalse(missing.getMessage().contains("uploads"), missing.getMessage());
  }

  @Test
  void refusesAnEmptyFileAsNotAZip() throws IOException {
    Path empty = Files.createFile(tmp.resolve("empty.zip"));
    assertEquals("not_a_zip", assertThrows(PlatError.class, () -> validator.validate(empty, runtime)).code());
  }

  @Test
  void refusesAnEmptyZip() throws IOException {
    assertEquals("empty_zip", refused(Zips.of()).code());
    assertEquals("empty_zip", refused(Zips.of().dir("only-a-folder")).code());
  }

  @Test
  void refusesTheSameNameTwice() throws IOException {
    assertEquals("duplicate_entry", refused(Zips.of().file("handler.py", "").file("./handler.py", "")).code());
  }

  @Test
  void refusesAFileUsedAsAFolder() throws IOException {
    assertEquals("duplicate_entry", refused(Zips.of().file("handler.py", "").file("lib", "").file("lib/x.py", "")).code());
  }

  @Test
  void refusesAMissingUpload() {
    PlatError e = assertThrows(PlatError.class, () -> validator.validate(tmp.resolve("gone.zip"), runtime));
    assertEquals("upload_missing", e.code());
  }

  @Test
  void refusesTheEntryCountTheEndRecordDeclaresBeforeReadingTheCentralDirectory() throws IOException {
    PlatError e = refusedAfter(validator, Zips.of().file("handler.py", ""), bytes -> endRecordEntries(bytes, 60000));
    assertEquals("too_many_entries", e.code());
    assertTrue(e.getMessage().contains("60000 entries"), e.getMessage());
  }

  @Test
  void refusesAZip64OfManyEmptyEntriesInBoundedMemory() throws IOException {
    Path zip = Files.createTempFile(tmp, "many", ".zip");
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
      out.setMethod(ZipArchiveOutputStream.STORED);
      for (int i = 0; i < 300_000; i++) {
        ZipArchiveEntry entry = new ZipArchiveEntry(Integer.toString(i, 36));
        entry.setSize(0);
        entry.setCrc(0);
        out.putArchiveEntry(entry);
        out.closeArchiveEntry();
      }
    }
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    PlatError e = assertThrows(PlatError.class, () -> new ZipValidator(1000, 64 * MIB, 100).validate(zip, runtime));
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertEquals("too_many_entries", e.code(), e.getMessage());
    assertTrue(e.getMessage().contains("300000 entries"), e.getMessage());
    assertTrue(allocated < 4 * MIB, "refusing it allocated " + allocated + " bytes");
  }

  @Test
  void countsTheCentralHeadersPresentNotTheCountTheEndRecordClaims() throws IOException {
    Zips zips = Zips.of().file("handler.py", "");
    for (int i = 0; i < 20; i++) {
      zips.file("f" + i, "");
    }
    PlatError e = refusedAfter(new ZipValidator(5, 64 * MIB, 100), zips, bytes -> endRecordEntries(bytes, 1));
    assertEquals("too_many_entries", e.code());
    assertTrue(e.getMessage().contains("more than 5 entries"), e.getMessage());
  }

  @Test
  void refusesACentralDirectoryLargerThanTheEntriesAllowedNeed() throws IOException {
    Path zip = Files.createTempFile(tmp, "comments", ".zip");
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
      for (int i = 0; i < 20; i++) {
        ZipArchiveEntry entry = new ZipArchiveEntry(i == 0 ? "handler.py" : "f" + i);
        entry.setComment("c".repeat(60_000));
        out.putArchiveEntry(entry);
        out.closeArchiveEntry();
      }
    }
    PlatError e = assertThrows(PlatError.class, () -> validator.validate(zip, runtime));
    assertEquals("too_many_entries", e.code());
    assertTrue(e.getMessage().contains("central directory"), e.getMessage());
  }

  @Test
  void refusesDeclaredSizesOverTheLimitEvenWhenTheDataIsSmall() throws IOException {
    PlatError e = refusedAfter(validator, Zips.of().file("handler.py", "").file("big", "small"), bytes -> {
      for (int i = 0; i + 46 <= bytes.limit(); i++) {
        if (bytes.getInt(i) == 0x02014b50) {
          bytes.putInt(i + 24, Integer.MAX_VALUE);
        }
      }
    });
    assertEquals("zip_bomb", e.code());
    assertTrue(e.getMessage().contains("declares"), e.getMessage());
  }

  @Test
  void acceptsAZip64Archive() throws IOException {
    Path zip = Files.createTempFile(tmp, "zip64", ".zip");
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
      out.setUseZip64(Zip64Mode.Always);
      out.putArchiveEntry(new ZipArchiveEntry("handler.py"));
      out.write("def handle(r): pass\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.closeArchiveEntry();
    }
    ZipManifest manifest = validator.validate(zip, runtime);
    assertEquals("handler.py", manifest.entryPoint());
    assertEquals(20, manifest.totalBytes());
  }

  @Test
  void acceptsAZipAfterAPreamble() throws IOException {
    Path zip = zip(Zips.of().file("handler.py", "x = 1\n"));
    byte[] body = Files.readAllBytes(zip);
    byte[] withPreamble = new byte[body.length + 100];
    System.arraycopy(body, 0, withPreamble, 100, body.length);
    Files.write(zip, withPreamble);
    assertEquals("handler.py", validator.validate(zip, runtime).entryPoint());
  }

  /** The zip of {@code zips} with its bytes changed by {@code patch}, refused by {@code validator}. */
  private PlatError refusedAfter(ZipValidator validator, Zips zips, java.util.function.Consumer<ByteBuffer> patch)
      throws IOException {
    Path zip = zip(zips);
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(zip)).order(ByteOrder.LITTLE_ENDIAN);
    patch.accept(bytes);
    Files.write(zip, bytes.array());
    return assertThrows(PlatError.class, () -> validator.validate(zip, runtime));
  }

  /** Sets both entry counts of the End of Central Directory record (no comment) to {@code n}. */
  private static void endRecordEntries(ByteBuffer bytes, int n) {
    int eocd = bytes.limit() - 22;
    assertEquals(0x06054b50, bytes.getInt(eocd));
    bytes.putShort(eocd + 8, (short) n).putShort(eocd + 10, (short) n);
  }

  /** Sets every local and central uncompressed size field to 1 byte. */
  private static void lieAboutUncompressedSizes(Path zip) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(zip)).order(ByteOrder.LITTLE_ENDIAN);
    int patched = 0;
    for (int i = 0; i + 46 <= bytes.limit(); i++) {
      int signature = bytes.getInt(i);
      if (signature == 0x04034b50) {
        bytes.putInt(i + 22, 1);
        patched++;
      } else if (signature == 0x02014b50) {
        bytes.putInt(i + 24, 1);
        patched++;
      } else if (signature == 0x08074b50) {
        bytes.putInt(i + 12, 1);
      }
    }
    assertTrue(patched >= 4, "patched " + patched);
    Files.write(zip, bytes.array());
  }
}
