package dev.plat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UploadProgressTest {
  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  String err() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void onATerminalTheBarIsRedrawnInPlaceAndEndsWithANewline() throws IOException {
    UploadProgress progress = new UploadProgress(err, true, 4096);
    progress.start("fn");
    try (InputStream in = new CountingInputStream(new ByteArrayInputStream(new byte[4096]), progress)) {
      in.readNBytes(2048);
      in.readAllBytes();
    }
    progress.finish();
    String[] frames = err().split("\r");
    assertEquals("", frames[0]);
    assertTrue(frames[1].startsWith("Uploading [###############               ]  50% 2.0 KB/4.0 KB"), frames[1]);
    assertTrue(frames[frames.length - 1].endsWith("100% 4.0 KB/4.0 KB\n"), err());
  }

  @Test
  void elsewhereItPrintsOnePlainLineBeforeAndAfter() throws IOException {
    UploadProgress progress = new UploadProgress(err, false, 3 * 1024 * 1024);
    progress.start("fn: 2 files");
    try (InputStream in = new CountingInputStream(new ByteArrayInputStream(new byte[3 * 1024 * 1024]), progress)) {
      in.readAllBytes();
    }
    progress.finish();
    assertEquals("Uploading fn: 2 files (3.0 MB)...\nUploaded 3.0 MB.\n", err());
  }

  @Test
  void sizesAreForPeople() {
    assertEquals("512 B", UploadProgress.size(512));
    assertEquals("1.5 KB", UploadProgress.size(1536));
    assertEquals("2.0 GB", UploadProgress.size(2L << 30));
  }
}
