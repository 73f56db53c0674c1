package dev.plat.proxy.upstream;

import dev.plat.proxy.http1.RawHead;
import dev.plat.proxy.http1.RawRequest;
import dev.plat.proxy.http1.RawResponse;
import dev.plat.proxy.http1.BodyReader;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.lang.reflect.Field;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;

/**
 * What the fuzz test checks on any bytes, for the request reader (the fast path's loop over
 * {@link RawRequest} and {@link BodyReader}) and the response reader ({@link UpstreamConnection}
 * over {@link RawResponse} and {@link BodyReader}): nothing is thrown but their own parse
 * failures, every read ends, and no more is buffered than a head's or a line's limit (plus the
 * bytes of the read that brought it).
 *
 * <p>The input's first byte picks the reader (bit 0; bit 1: the response answers a HEAD) and how
 * long a run of one byte is laid into what the peer sends (bits 2-3: none, none, 5,000 or 9,000
 * bytes, so that short inputs reach the request head's and the lines' limits; the response head's,
 * 64 KiB, is left to {@code UpstreamConnectionReadsTest}), the second how many bytes each read
 * brings (1 to 64, 16 times that with a run), the third where the run goes; the rest is what the
 * peer sends. What a reader keeps after a read is only an unfinished head or line, so it stays
 * under that limit whatever the read brought.
 */
final class ReaderProperties {
  private static final Field CUMULATION;
  private static final Field BODY;
  private static final int[] RUNS = {0, 0, 5_000, 9_000};

  static {
    try {
      CUMULATION = UpstreamConnection.class.getDeclaredField("cumulation");
      CUMULATION.setAccessible(true);
      BODY = UpstreamConnection.class.getDeclaredField("body");
      BODY.setAccessible(true);
    } catch (NoSuchFieldException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private ReaderProperties() {
  }

  /** Checks both readers' properties on {@code input}; an assertion error or any throwable is a finding. */
  static void check(byte[] input) {
    if (input.length < 3) {
      return;
    }
    int mode = input[0] & 0xff;
    int run = RUNS[(mode >> 2) & 3];
    int step = (1 + (input[1] & 0x3f)) * (run > 0 ? 16 : 1);
    byte[] wire = Arrays.copyOfRange(input, 3, input.length);
    if (run > 0 && wire.length > 0) {
      int at = (input[2] & 0xff) % wire.length;
      byte[] longer = new byte[wire.length + run];
      System.arraycopy(wire, 0, longer, 0, at);
      Arrays.fill(longer, at, at + run, wire[at]);
      System.arraycopy(wire, at, longer, at + run, wire.length - at);
      wire = longer;
    }
    if ((mode & 1) == 0) {
      request(wire, step);
    } else {
      response(wire, step, (mode & 2) != 0);
    }
  }

  /** The fast path's reading of pipelined requests until it ends, hands over (not its kind) or breaks. */
  static void request(byte[] wire, int step) {
    ByteBuf cumulation = Unpooled.buffer();
    BodyReader reader = new BodyReader();
    try {
      for (int from = 0; from < wire.length; from += step) {
        cumulation.writeBytes(wire, from, Math.min(step, wire.length - from));
        while (cumulation.isReadable()) {
          if (reader.reading()) {
            Object piece = reader.next(cumulation);
            if (piece == BodyReader.MORE) {
              break;
            }
            if (piece == BodyReader.BROKEN) {
              return;  // the connection is closed
            }
            ((HttpContent) piece).release();
            continue;
          }
          int end = RawHead.headEnd(cumulation);
          if (end == -1) {
            break;
          }
          RawRequest request = end < 0 ? null : RawHead.read(cumulation, end, RawRequest::parse);
          if (request == null) {
            return;  // handed over to Vert.x's decoder as it came
          }
          assertTrue(request.contentLength >= 0);
          request.path();
          request.query();
          request.headers().forEachRemaining(h -> h.getKey().length());
          if (request.chunked) {
            reader.chunked();
          } else {
            reader.length(request.contentLength);
          }
        }
        assertTrue(cumulation.readableBytes() < RawHead.MAX_HEAD,
          "buffered " + cumulation.readableBytes() + " bytes of a request");
      }
    } finally {
      cumulation.release();
    }
  }

  /** Responses read off a connection, one exchange after another while it is kept, then its close. */
  static void response(byte[] wire, int step, boolean head) {
    UpstreamConnection c = new UpstreamConnection(new ConnectionSlot(null, null, null, 1));
    EmbeddedChannel ch = new EmbeddedChannel(c);
    Checked ex = new Checked(c);
    c.start(ex, head);
    for (int from = 0; from < wire.length && ch.isActive(); from += step) {
      if (ex.ended && ch.isActive()) {
        ex = new Checked(c);
        c.start(ex, head);
      }
      ch.writeInbound(Unpooled.wrappedBuffer(wire, from, Math.min(step, wire.length - from)));
      ch.checkException();
      ex.rethrow();
      // a head up to its limit; in a body, a chunk-size or trailer line up to a request head's
      int limit = reading(c) ? RawHead.MAX_HEAD : RawResponse.MAX_RESPONSE_HEAD;
      assertTrue(buffered(c) < limit, "buffered " + buffered(c) + " bytes of a response");
    }
    ch.close();
    ch.checkException();
    ex.rethrow();
    assertTrue(ex.ended || ex.failed, "the close ends or fails the exchange");
  }

  private static boolean reading(UpstreamConnection c) {
    try {
      return ((BodyReader) BODY.get(c)).reading();
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  private static int buffered(UpstreamConnection c) {
    try {
      ByteBuf b = (ByteBuf) CUMULATION.get(c);
      return b == null ? 0 : b.readableBytes();
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * An exchange that ends as {@link Invocation} does and checks what it is given. What it finds is
   * kept for {@link #rethrow}: thrown in a handler's callback, Netty would only log it.
   */
  private static final class Checked implements Exchange {
    private final UpstreamConnection connection;
    private int status;
    private AssertionError problem;
    boolean ended;
    boolean failed;

    Checked(UpstreamConnection connection) {
      this.connection = connection;
    }

    private void expect(boolean ok, String what) {
      if (!ok && problem == null) {
        problem = new AssertionError(what);
      }
    }

    void rethrow() {
      if (problem != null) {
        throw problem;
      }
    }

    @Override
    public void connected(UpstreamConnection c) {
    }

    @Override
    public void connectFailed(Throwable cause) {
    }

    @Override
    public void head(RawResponse response) {
      expect(!ended && !failed && status < 200, "a head after the response's head");
      status = response.status.code();
      expect(status >= 100 && status <= 999, "status " + status);
      response.headers().forEachRemaining(h -> h.getKey().length());
    }

    @Override
    public void content(HttpContent content) {
      content.release();
      expect(status != 0 && !ended && !failed, "content before a head or after the end");
      if (content instanceof LastHttpContent && status >= 200) {
        ended = true;
        connection.done(true);
      }
    }

    @Override
    public void closed(Throwable cause) {
      expect(cause instanceof UpstreamFailure || cause instanceof ClosedChannelException,
        "not a parse failure or a close: " + cause);
      expect(!ended, "closed after the end");
      if (problem != null && cause != null && problem.getCause() == null) {
        problem.initCause(cause);
      }
      failed = true;
    }

    @Override
    public void writable() {
    }

    @Override
    public boolean abandoned() {
      return false;
    }
  }
}
