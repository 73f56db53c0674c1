package dev.plat.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CodeFiles#extract} takes the tars exported from a function's image as hostile input. */
class CodeFilesTest {
  @TempDir
  Path tmp;

  /** A tar built entry by entry, hostile ones included. */
  private final class Tar {
    private final Path file = tmp.resolve("in.tar");
    private final TarArchiveOutputStream out;

    Tar() throws IOException {
      OutputStream os = Files.newOutputStream(file);
      out = new TarArchiveOutputStream(os);
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    Tar file(String name, String content) throws IOException {
      return file(name, content, 0644);
    }

    Tar file(String name, String content, int mode) throws IOException {
      byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
      return entry(name, TarConstants.LF_NORMAL, e -> {
        e.setSize(bytes.length);
        e.setMode(mode);
      }, bytes);
    }

    Tar dir(String name) throws IOException {
      return entry(name, TarConstants.LF_DIR, e -> e.setMode(0755), new byte[0]);
    }

    Tar link(String name, byte type, String target) throws IOException {
      return entry(name, type, e -> e.setLinkName(target), new byte[0]);
    }

    Tar entry(String name, byte type, Consumer<TarArchiveEntry> setUp, byte[] content) throws IOException {
      TarArchiveEntry e = new TarArchiveEntry(name, type, true);
      setUp.accept(e);
      out.putArchiveEntry(e);
      out.write(content);
      out.closeArchiveEntry();
      return this;
    }

    Path done() throws IOException {
      out.close();
      return file;
    }
  }

  private Path dest() {
    return tmp.resolve("out");
  }

  private String refused(Tar tar) throws IOException {
    Path file = tar.done();
    IOException e = assertThrows(CodeFiles.UnsafeArchiveException.class, () -> CodeFiles.extract(file, dest()));
    assertTrue(e.getMessage().startsWith("unsafe exported code: "), e.getMessage());
    return e.getMessage();
  }

  @Test
  void extractsFilesAndFoldersWithPlainModes() throws IOException {
    CodeFiles.extract(new Tar().dir("function/").file("function/handler.py", "x = 1\n")
      .file("function/run.sh", "#!/bin/sh\n", 0777).file("function/lib/deep/a.py", "").done(), dest());
    assertEquals("x = 1\n", Files.readString(dest().resolve("function/handler.py")));
    assertEquals("rw-r--r--", mode(dest().resolve("function/handler.py")));
    assertEquals("rwxr-xr-x", mode(dest().resolve("function/run.sh")));
    assertEquals("rwxr-xr-x", mode(dest().resolve("function/lib/deep")));
  }

  @Test
  void extractsOnlyTheEntriesUnderAFolderOfABuildContext() throws IOException {
    CodeFiles.extract(new Tar().file("Dockerfile", "FROM x\n").file("plat_shim.py", "").dir("function/")
      .file("function/handler.py", "x = 2\n").file("functionary.txt", "").done(), "function/", dest());
    assertEquals("x = 2\n", Files.readString(dest().resolve("function/handler.py")));
    try (Stream<Path> top = Files.list(dest())) {
      assertEquals(java.util.List.of(dest().resolve("function")), top.toList());
    }
  }

  @Test
  void refusesAParentTraversal() throws IOException {
    assertTrue(refused(new Tar().file("../x", "evil")).contains("'../x'"));
    assertFalse(Files.exists(tmp.resolve("x")));
  }

  @Test
  void refusesAnAbsolutePath() throws IOException {
    assertTrue(refused(new Tar().file("/etc/x", "evil")).contains("'/etc/x'"));
  }

  @Test
  void refusesATraversalInTheMiddle() throws IOException {
    refused(new Tar().dir("a/").file("a/../../x", "evil"));
    assertFalse(Files.exists(tmp.resolve("x")));
  }

  @Test
  void refusesASymlinkToTheRootAndWritesNothingThroughIt() throws IOException {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    String message = refused(new Tar().link("function/l", TarConstants.LF_SYMLINK, outside.toString())
      .file("function/l/x", "evil"));
    assertTrue(message.contains("symbolic link"), message);
    assertFalse(Files.exists(outside.resolve("x")));
    assertFalse(Files.exists(dest().resolve("function/l"), LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void refusesARelativeSymlinkToo() throws IOException {
    assertTrue(refused(new Tar().file("function/a.py", "").link("function/b.py", TarConstants.LF_SYMLINK, "a.py"))
      .contains("symbolic link"));
  }

  @Test
  void refusesAHardLinkToEtcPasswd() throws IOException {
    assertTrue(refused(new Tar().link("function/passwd", TarConstants.LF_LINK, "/etc/passwd")).contains("hard link"));
    assertFalse(Files.exists(dest().resolve("function/passwd"), LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void refusesACharacterDevice() throws IOException {
    assertTrue(refused(new Tar().entry("function/null", TarConstants.LF_CHR, e -> {
      e.setDevMajor(1);
      e.setDevMinor(3);
    }, new byte[0])).contains("device"));
  }

  @Test
  void refusesABlockDevice() throws IOException {
    assertTrue(refused(new Tar().entry("function/sda", TarConstants.LF_BLK, e -> e.setDevMajor(8), new byte[0]))
      .contains("device"));
  }

  @Test
  void refusesAFifo() throws IOException {
    assertTrue(refused(new Tar().entry("function/pipe", TarConstants.LF_FIFO, e -> { }, new byte[0])).contains("FIFO"));
  }

  @Test
  void dropsSetuidSetgidStickyAndWorldWriteBits() throws IOException {
    CodeFiles.extract(new Tar().file("function/suid", "#!/bin/sh\n", 07777).file("function/ww", "", 0666)
      .entry("function/open/", TarConstants.LF_DIR, e -> e.setMode(07777), new byte[0]).done(), dest());
    assertEquals("rwxr-xr-x", mode(dest().resolve("function/suid")));
    assertEquals("rw-r--r--", mode(dest().resolve("function/ww")));
    assertEquals("rwxr-xr-x", mode(dest().resolve("function/open")));
    assertEquals(0, (int) Files.getAttribute(dest().resolve("function/suid"), "unix:mode") & 07000);
  }

  @Test
  void refusesANameGivenTwice() throws IOException {
    refused(new Tar().file("function/a", "1").file("function/a", "2"));
  }

  @Test
  void refusesAFileUsedAsAFolder() throws IOException {
    refused(new Tar().file("function/a", "1").file("function/a/b", "2"));
  }

  @Test
  void neverWritesThroughALinkAlreadyInTheDestination() throws IOException {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.createDirectories(dest());
    Files.createSymbolicLink(dest().resolve("function"), outside);
    refused(new Tar().file("function/x", "evil"));
    try (Stream<Path> files = Files.list(outside)) {
      assertEquals(0, files.count());
    }
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }
}
