package dev.plat.proxy.http1;

import io.netty.buffer.ByteBuf;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * An HTTP/1.x head as read off a connection: its own bytes and where each header line's name and
 * value are, found in one pass; no header map. {@link RawRequest} and {@link RawResponse} read their
 * first line and the headers they need from it.
 */
public abstract class RawHead {
  /** The longest head read; a longer one is not (Vert.x's decoder has its own limits). */
  public static final int MAX_HEAD = 8192;
  static final int MAX_HEADERS = 128;
  private static final boolean[] TCHAR = new boolean[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      TCHAR[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      TCHAR[c] = true;
      TCHAR[c - 'a' + 'A'] = true;
    }
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
      TCHAR[c] = true;
    }
  }

  /** The whole head, first line to the blank line included. */
  public final byte[] head;
  /** Per header line: name start, name end, value start, value end (offsets in {@link #head}). */
  final int[] lines;
  public final int headers;
  public final boolean http10;
  /** The Connection header (several joined by commas), when there is one. */
  public String connection;
  /** The connection stays open after this message ({@link #readKeepAlive}). */
  public boolean keepAlive;

  RawHead(byte[] head, int[] lines, int headers, boolean http10) {
    this.head = head;
    this.lines = lines;
    this.headers = headers;
    this.http10 = http10;
  }

  /** Header {@code h}, a Connection header, joins {@link #connection}. */
  void addConnection(int h) {
    connection = connection == null ? value(h) : connection + ", " + value(h);
  }

  /** Sets {@link #keepAlive} from the version and the Connection header, once the headers are read. */
  void readKeepAlive() {
    keepAlive = connection == null ? !http10
      : !hasToken(connection, "close") && (!http10 || hasToken(connection, "keep-alive"));
  }

  /**
   * Where the head starting at {@code in}'s reader index ends (the index after its blank line), -1
   * when it has not all arrived, -2 when it is not read (longer than {@link #MAX_HEAD}, or empty
   * lines before the first line).
   */
  public static int headEnd(ByteBuf in) {
    return headEnd(in, MAX_HEAD);
  }

  /** {@link #headEnd(ByteBuf)} with a head of at most {@code max} bytes. */
  public static int headEnd(ByteBuf in, int max) {
    int start = in.readerIndex();
    int to = start + Math.min(in.readableBytes(), max);
    int lineStart = start;
    while (true) {
      int lf = in.indexOf(lineStart, to, (byte) '\n');
      if (lf < 0) {
        return in.readableBytes() >= max ? -2 : -1;
      }
      int length = lf - lineStart;
      if (length == 0 || (length == 1 && in.getByte(lineStart) == '\r')) {
        return lineStart == start ? -2 : lf + 1;
      }
      lineStart = lf + 1;
    }
  }

  /**
   * The head at {@code in}'s reader index up to {@code end} (from {@link #headEnd}) as {@code parse}
   * reads it, the reader index moved past it; null (nothing consumed) when {@code parse} does not read it.
   */
  public static <T extends RawHead> T read(ByteBuf in, int end, Function<byte[], T> parse) {
    byte[] b = new byte[end - in.readerIndex()];
    in.getBytes(in.readerIndex(), b);
    T head = parse.apply(b);
    if (head != null) {
      in.readerIndex(end);
    }
    return head;
  }

  /**
   * The header lines of {@code b} from {@code p} (the start of the line after the first) to the
   * blank line: four offsets per line then the count in the last slot used, or null when a line is
   * not {@code token ":" OWS value OWS CRLF} (a folded line, a space before the colon, a bare LF,
   * control bytes) or there are more than {@link #MAX_HEADERS}.
   */
  static int[] lines(byte[] b, int p) {
    int n = b.length;
    int[] lines = new int[16 * 4 + 1];
    int count = 0;
    while (p < n - 2) {  // up to the blank line's CRLF
      if (count == MAX_HEADERS) {
        return null;
      }
      int nameEnd = p;
      while (nameEnd < n && b[nameEnd] >= 0 && TCHAR[b[nameEnd]]) {
        nameEnd++;
      }
      if (nameEnd == p || nameEnd >= n || b[nameEnd] != ':') {
        return null;
      }
      int v = nameEnd + 1;
      while (v < n && (b[v] == ' ' || b[v] == '\t')) {
        v++;
      }
      int e = v;
      while (e < n && b[e] != '\r') {
        byte c = b[e];
        if ((c >= 0 && c < ' ' && c != '\t') || c == 127) {
          return null;
        }
        e++;
      }
      if (e + 1 >= n || b[e + 1] != '\n') {
        return null;
      }
      int valueEnd = e;
      while (valueEnd > v && (b[valueEnd - 1] == ' ' || b[valueEnd - 1] == '\t')) {
        valueEnd--;
      }
      if (lines.length < (count + 1) * 4 + 1) {
        lines = Arrays.copyOf(lines, lines.length * 2);
      }
      lines[count * 4] = p;
      lines[count * 4 + 1] = nameEnd;
      lines[count * 4 + 2] = v;
      lines[count * 4 + 3] = valueEnd;
      count++;
      p = e + 2;
    }
    lines[lines.length - 1] = count;
    return lines;
  }

  /** The header count {@link #lines} left in its last slot. */
  static int count(int[] lines) {
    return lines[lines.length - 1];
  }

  /** Whether header {@code h} is left out of {@link #headers()}. */
  boolean skipped(int h) {
    return false;
  }

  /** The header lines as name/value views on the head's bytes (but the {@link #skipped} ones). */
  public Iterator<Map.Entry<CharSequence, CharSequence>> headers() {
    return new Iterator<>() {
      private int next = skip(0);

      private int skip(int h) {
        while (h < headers && skipped(h)) {
          h++;
        }
        return h;
      }

      @Override
      public boolean hasNext() {
        return next < headers;
      }

      @Override
      public Map.Entry<CharSequence, CharSequence> next() {
        if (next >= headers) {
          throw new NoSuchElementException();
        }
        int h = next;
        next = skip(h + 1);
        return new AbstractMap.SimpleImmutableEntry<>(name(h), view(lines[h * 4 + 2], lines[h * 4 + 3]));
      }
    };
  }

  /** The name of header {@code h}, a view on the head's bytes. */
  AsciiString name(int h) {
    return view(lines[h * 4], lines[h * 4 + 1]);
  }

  int nameLength(int h) {
    return lines[h * 4 + 1] - lines[h * 4];
  }

  private AsciiString view(int from, int to) {
    return new AsciiString(head, from, to - from, false);
  }

  /** Whether header {@code h}'s name is {@code lower} in any case. */
  boolean nameIs(int h, String lower) {
    int s = lines[h * 4];
    if (lines[h * 4 + 1] - s != lower.length()) {
      return false;
    }
    for (int k = 0; k < lower.length(); k++) {
      int c = head[s + k];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      int l = lower.charAt(k);
      if (l >= 'A' && l <= 'Z') {
        l += 'a' - 'A';
      }
      if (c != l) {
        return false;
      }
    }
    return true;
  }

  /** Whether header {@code h} is hop-by-hop ({@link HopHeaders#isHopByHop}), read off the bytes. */
  boolean isHopByHop(int h) {
    for (String hop : HopHeaders.ofLength(nameLength(h))) {
      if (nameIs(h, hop)) {
        return true;
      }
    }
    return false;
  }

  String value(int h) {
    return new String(head, lines[h * 4 + 2], lines[h * 4 + 3] - lines[h * 4 + 2], StandardCharsets.ISO_8859_1);
  }

  /** Header {@code h}'s value as a decimal number, -1 when it is not one (or too long). */
  long number(int h) {
    int from = lines[h * 4 + 2];
    int to = lines[h * 4 + 3];
    if (to == from || to - from > 18) {
      return -1;
    }
    long v = 0;
    for (int k = from; k < to; k++) {
      int d = head[k] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  /** Whether the comma-separated {@code list} holds {@code token} (any case). */
  static boolean hasToken(String list, String token) {
    if (list.indexOf(',') < 0) {
      return list.trim().equalsIgnoreCase(token);
    }
    for (String part : list.split(",")) {
      if (part.trim().equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }
}
