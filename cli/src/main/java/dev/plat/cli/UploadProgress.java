package dev.plat.cli;

import java.io.PrintStream;
import java.util.function.LongConsumer;

/**
 * Upload progress on stderr: a redrawn bar on a terminal, otherwise one line at the start and one
 * at the end (logs stay readable).
 */
final class UploadProgress implements LongConsumer {
  private static final int WIDTH = 30;
  private final PrintStream err;
  private final boolean interactive;
  private final long total;
  private int lastPercent = -1;

  UploadProgress(PrintStream err, boolean interactive, long total) {
    this.err = err;
    this.interactive = interactive;
    this.total = Math.max(total, 1);
  }

  void start(String label) {
    if (!interactive) {
      err.println("Uploading " + label + " (" + size(total) + ")...");
    }
  }

  @Override
  public synchronized void accept(long sent) {
    int percent = (int) Math.min(100, sent * 100 / total);
    if (!interactive || percent == lastPercent) {
      return;
    }
    lastPercent = percent;
    int filled = percent * WIDTH / 100;
    err.print("\rUploading [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
      + String.format("%3d%% %s/%s", percent, size(Math.min(sent, total)), size(total)));
    err.flush();
  }

  synchronized void finish() {
    err.println(interactive ? "" : "Uploaded " + size(total) + ".");
  }

  /** Ends the bar's line after a failed upload, so the error starts on its own line. */
  synchronized void abort() {
    if (interactive && lastPercent >= 0) {
      err.println();
    }
  }

  /** A byte count for people: 512 B, 3.4 KB, 12.0 MB. */
  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format("%.1f %s", value, units[unit]);
  }
}
