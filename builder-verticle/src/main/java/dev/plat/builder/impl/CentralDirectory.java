package dev.plat.builder.impl;

import dev.plat.cluster.api.PlatError;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checks a zip's entry count and declared sizes from its tail, in bounded memory, before any zip
 * library reads its central directory into memory (a zip of a million empty entries must not fill
 * the heap). It finds the End of Central Directory record (and the ZIP64 locator and record) the
 * way commons-compress's {@code ZipFile} does, refuses a count above the limit, then streams the
 * central directory's headers from the same place {@code ZipFile} will read them, without keeping
 * any.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>what</th><th>limit</th><th>refused as</th></tr>
 *   <tr><td>entries the EOCD (or ZIP64 EOCD) declares</td><td>{@code maxEntries}</td><td>{@code too_many_entries}</td></tr>
 *   <tr><td>central directory headers actually present</td><td>{@code maxEntries}</td><td>{@code too_many_entries}</td></tr>
 *   <tr><td>central directory bytes (declared and read)</td><td>{@link #maxDirectoryBytes(int)}</td><td>{@code too_many_entries}</td></tr>
 *   <tr><td>declared uncompressed bytes, summed</td><td>the {@link ExpansionBudget}</td><td>{@code zip_bomb}</td></tr>
 *   <tr><td>archive spanning disks</td><td>one disk</td><td>{@code unsupported_zip}</td></tr>
 * </table>
 * Memory: three buffers of at most 64 KiB each, whatever the zip holds. Blocking.
 */
final class CentralDirectory {
  /** Bytes of central directory allowed per permitted entry: a 46-byte header, a long path, extra fields. */
  static final int BYTES_PER_ENTRY = 1024;
  /** The central directory may always be this large (a few entries with long comments). */
  static final long MIN_DIRECTORY_BYTES = 1L << 20;

  private static final int EOCD_SIG = 0x06054b50;
  private static final int EOCD_LEN = 22;
  private static final int MAX_COMMENT = 0xFFFF;
  private static final int ZIP64_LOCATOR_SIG = 0x07064b50;
  private static final int ZIP64_LOCATOR_LEN = 20;
  private static final int ZIP64_EOCD_SIG = 0x06064b50;
  private static final int ZIP64_EOCD_LEN = 56;
  private static final int CFH_SIG = 0x02014b50;
  private static final int CFH_LEN = 46;
  private static final int ZIP64_EXTRA = 0x0001;
  private static final long U32 = 0xFFFFFFFFL;
  private static final int U16 = 0xFFFF;

  private CentralDirectory() {
  }

  /** How large a central directory may be when {@code maxEntries} entries are allowed. */
  static long maxDirectoryBytes(int maxEntries) {
    return Math.max(MIN_DIRECTORY_BYTES, (long) maxEntries * BYTES_PER_ENTRY);
  }

  /**
   * @return how many central directory headers {@code zip} holds
   * @throws PlatError 400 {@code too_many_entries}, {@code zip_bomb}, {@code unsupported_zip} or
   *                   {@code not_a_zip}
   */
  static long check(Path zip, int maxEntries, ExpansionBudget declared) throws IOException {
    try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
      Directory dir = locate(channel);
      if (dir.declaredEntries > maxEntries) {
        throw tooMany(dir.declaredEntries + " entries", maxEntries);
      }
      long maxBytes = maxDirectoryBytes(maxEntries);
      if (dir.size > maxBytes) {
        throw tooLarge(dir.size, maxBytes);
      }
      return stream(channel, dir.start, maxEntries, maxBytes, declared);
    } catch (EOFException e) {
      throw notAZip("it ends inside its central directory");
    }
  }

  private record Directory(long start, long size, long declaredEntries) {
  }

  /** Finds the last EOCD signature within the tail (as ZipFile does), then the ZIP64 record if a locator precedes it. */
  private static Directory locate(FileChannel channel) throws IOException {
    long fileSize = channel.size();
    if (fileSize < EOCD_LEN) {
      throw notAZip("it is shorter than an end of central directory record");
    }
    int tailLen = (int) Math.min(fileSize, EOCD_LEN + MAX_COMMENT);
    long tailStart = fileSize - tailLen;
    ByteBuffer tail = read(channel, tailStart, tailLen);
    int at = -1;
    for (int i = tailLen - EOCD_LEN; i >= 0; i--) {
      if (tail.getInt(i) == EOCD_SIG) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      throw notAZip("it has no end of central directory record");
    }
    long eocd = tailStart + at;
    int disk = tail.getShort(at + 4) & U16;
    int cdDisk = tail.getShort(at + 6) & U16;
    long entries = Math.max(tail.getShort(at + 8) & U16, tail.getShort(at + 10) & U16);
    long size = tail.getInt(at + 12) & U32;
    long offset = tail.getInt(at + 16) & U32;
    if (eocd >= ZIP64_LOCATOR_LEN && read(channel, eocd - ZIP64_LOCATOR_LEN, 4).getInt(0) == ZIP64_LOCATOR_SIG) {
      return locate64(channel, eocd - ZIP64_LOCATOR_LEN);
    }
    requireOneDisk(disk, cdDisk);
    if (size > eocd) {
      throw notAZip("its central directory would be larger than the file");
    }
    // a preamble (self-extracting archive) shifts every offset; ZipFile corrects for it the same way
    long start = offset + Math.max(eocd - size - offset, 0);
    return new Directory(start, size, entries);
  }

  private static Directory locate64(FileChannel channel, long locator) throws IOException {
    ByteBuffer loc = read(channel, locator, ZIP64_LOCATOR_LEN);
    long record = loc.getLong(8);
    if (loc.getInt(4) != 0 || (loc.getInt(16) & U32) > 1 || record < 0 || record > locator - ZIP64_EOCD_LEN) {
      throw notAZip("its ZIP64 end of central directory locator is corrupt");
    }
    ByteBuffer eocd = read(channel, record, ZIP64_EOCD_LEN);
    if (eocd.getInt(0) != ZIP64_EOCD_SIG) {
      throw notAZip("its ZIP64 end of central directory locator is corrupt");
    }
    requireOneDisk(eocd.getInt(16) & U32, eocd.getInt(20) & U32);
    long entries = Math.max(eocd.getLong(24), eocd.getLong(32));
    long size = eocd.getLong(40);
    long start = eocd.getLong(48);
    if (entries < 0 || size < 0 || start < 0 || size > record || start > record) {
      throw notAZip("its ZIP64 end of central directory record is corrupt");
    }
    return new Directory(start, size, entries);
  }

  private static void requireOneDisk(long disk, long cdDisk) {
    if ((disk != 0 && disk != U16) || (cdDisk != 0 && cdDisk != U16)) {
      throw PlatError.badRequest("unsupported_zip", "the zip spans several disks (a split archive); send one file");
    }
  }

  /** Reads central headers while the signature matches (ZipFile's loop), counting, summing and skipping. */
  private static long stream(FileChannel channel, long start, int maxEntries, long maxBytes, ExpansionBudget declared)
      throws IOException {
    InputStream in = new BufferedInputStream(Channels.newInputStream(channel.position(start)), 64 * 1024);
    ByteBuffer header = ByteBuffer.allocate(CFH_LEN).order(ByteOrder.LITTLE_ENDIAN);
    byte[] extra = new byte[U16];
    long count = 0;
    long bytes = 0;
    while (true) {
      header.clear();
      int got = in.readNBytes(header.array(), 0, 4);
      if (got < 4 || header.getInt(0) != CFH_SIG) {
        return count;
      }
      readFully(in, header.array(), 4, CFH_LEN - 4);
      if (++count > maxEntries) {
        throw tooMany("more than " + maxEntries + " entries", maxEntries);
      }
      int nameLen = header.getShort(28) & U16;
      int extraLen = header.getShort(30) & U16;
      int commentLen = header.getShort(32) & U16;
      bytes += CFH_LEN + nameLen + extraLen + commentLen;
      if (bytes > maxBytes) {
        throw tooLarge(bytes, maxBytes);
      }
      skipFully(in, nameLen);
      readFully(in, extra, 0, extraLen);
      skipFully(in, commentLen);
      long uncompressed = header.getInt(24) & U32;
      if (uncompressed == U32) {
        uncompressed = zip64Size(extra, extraLen);
      }
      declared.spend(uncompressed);
    }
  }

  /** The uncompressed size from a ZIP64 extended information field (it comes first when present). */
  private static long zip64Size(byte[] extra, int len) {
    ByteBuffer fields = ByteBuffer.wrap(extra, 0, len).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i + 4 <= len; ) {
      int id = fields.getShort(i) & U16;
      int size = fields.getShort(i + 2) & U16;
      if (id == ZIP64_EXTRA && size >= 8 && i + 12 <= len) {
        long value = fields.getLong(i + 4);
        if (value < 0) {
          throw notAZip("an entry declares a negative size");
        }
        return value;
      }
      i += 4 + size;
    }
    throw notAZip("an entry's size is in a ZIP64 field it does not have");
  }

  private static ByteBuffer read(FileChannel channel, long position, int len) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new EOFException();
      }
    }
    return buffer;
  }

  private static void readFully(InputStream in, byte[] b, int off, int len) throws IOException {
    if (in.readNBytes(b, off, len) < len) {
      throw new EOFException();
    }
  }

  private static void skipFully(InputStream in, long n) throws IOException {
    in.skipNBytes(n);
  }

  private static PlatError tooMany(String what, int max) {
    return PlatError.badRequest("too_many_entries", "the zip has " + what + "; at most " + max + " are allowed");
  }

  private static PlatError tooLarge(long bytes, long max) {
    return PlatError.badRequest("too_many_entries", "the zip's central directory holds " + bytes
      + " bytes of entry headers; at most " + max + " are allowed");
  }

  private static PlatError notAZip(String why) {
    return PlatError.badRequest("not_a_zip", "the upload is not a readable zip archive: " + why);
  }
}
