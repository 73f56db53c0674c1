package dev.plat.proxy.hop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import io.netty.channel.ChannelHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The multiplexed hop over real sockets: {@link HopClients} on one event loop against a server
 * whose connections {@link HopServer} takes over at their first bytes, as the proxy port's fast
 * path does.
 */
class HopTest {
  private static final long WAIT_SECONDS = 10;

  private EventLoopGroup group;
  private EventLoop loop;
  private Channel server;
  private final AtomicInteger accepted = new AtomicInteger();
  private Supplier<ChannelHandler> perStream;
  private HopClients clients;

  @BeforeEach
  void start() throws Exception {
    group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    loop = group.next();
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
      .childHandler(new ChannelInitializer<Channel>() {
        @Override
        protected void initChannel(Channel ch) {
          accepted.incrementAndGet();
          ch.pipeline().addLast(new TakeOver());
        }
      }).bind("127.0.0.1", 0).sync().channel();
    clients = new HopClients(new Bootstrap().group(loop).channel(NioSocketChannel.class)
      .option(ChannelOption.TCP_NODELAY, true), new DefaultChannelGroup(GlobalEventExecutor.INSTANCE));
  }

  @AfterEach
  void stop() throws Exception {
    server.close().sync();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  @Test
  void manyStreamsShareOneConnectionAndEachGetsItsOwnBytesBack() throws Exception {
    perStream = Echo::new;
    List<CompletableFuture<String>> answers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Collect collect = new Collect(("stream " + i).length());
      answers.add(collect.answer);
      String text = "stream " + i;
      open(collect).writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }
    for (int i = 0; i < 20; i++) {
      assertEquals("stream " + i, answers.get(i).get(WAIT_SECONDS, TimeUnit.SECONDS));
    }
    assertEquals(1, accepted.get(), "one TCP connection carries every stream");
  }

  @Test
  void aStreamClosedOnOneSideClosesOnTheOtherAndLeavesTheOthersOpen() throws Exception {
    CountDownLatch serverSideClosed = new CountDownLatch(1);
    perStream = () -> new Echo() {
      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        serverSideClosed.countDown();
      }
    };
    Collect first = new Collect(5);
    Http2StreamChannel closing = open(first);
    closing.writeAndFlush(Unpooled.copiedBuffer("first", StandardCharsets.US_ASCII));
    assertEquals("first", first.answer.get(WAIT_SECONDS, TimeUnit.SECONDS));
    closing.close().sync();
    assertTrue(serverSideClosed.await(WAIT_SECONDS, TimeUnit.SECONDS), "the server's end of the stream closed");

    Collect second = new Collect(6);
    open(second).writeAndFlush(Unpooled.copiedBuffer("second", StandardCharsets.US_ASCII));
    assertEquals("second", second.answer.get(WAIT_SECONDS, TimeUnit.SECONDS));
    assertEquals(1, accepted.get(), "the connection outlives the stream");
  }

  @Test
  void aConnectionWithAsManyStreamsAsItsPeerAllowsLeavesTheNextToAnotherConnection() throws Exception {
    perStream = Echo::new;
    for (int i = 0; i <= Hop.MAX_STREAMS; i++) {
      Collect collect = new Collect(3);
      open(collect).writeAndFlush(Unpooled.copiedBuffer("abc", StandardCharsets.US_ASCII));
      assertEquals("abc", collect.answer.get(WAIT_SECONDS, TimeUnit.SECONDS), "stream " + i);
    }
    assertEquals(2, accepted.get(), "a second connection for the stream the first could not take");
  }

  @Test
  void aPeerThatOpensStreamsBeforeItReadsTheLimitGetsNoMoreThanTheLimit() throws Exception {
    AtomicInteger served = new AtomicInteger();
    perStream = () -> {
      served.incrementAndGet();
      return new Echo();
    };
    // a client that writes all its streams' HEADERS before it read the server's SETTINGS
    Channel raw = new Bootstrap().group(loop).channel(NioSocketChannel.class).handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
          new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
      }
    }).connect(server.localAddress()).sync().channel();
    int attempts = Hop.MAX_STREAMS + 44;
    CountDownLatch settled = new CountDownLatch(attempts);  // each stream answered or refused
    AtomicInteger refused = new AtomicInteger();
    loop.execute(() -> {
      for (int i = 0; i < attempts; i++) {
        Http2StreamChannel stream = new Http2StreamChannelBootstrap(raw).handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(StreamBridge.client(), new ChannelInboundHandlerAdapter() {
              private boolean done;

              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
                if (!done) {
                  done = true;
                  settled.countDown();
                }
              }

              @Override
              public void channelInactive(ChannelHandlerContext ctx) {
                if (!done) {
                  done = true;
                  refused.incrementAndGet();
                  settled.countDown();
                }
              }
            });
          }
        }).open().getNow();
        stream.writeAndFlush(Unpooled.copiedBuffer("x", StandardCharsets.US_ASCII));
      }
    });
    assertTrue(settled.await(WAIT_SECONDS, TimeUnit.SECONDS), "every stream answered or refused");
    assertTrue(served.get() <= Hop.MAX_STREAMS, "streams served: " + served.get());
    assertTrue(refused.get() >= attempts - Hop.MAX_STREAMS, "streams refused: " + refused.get());
    raw.close().sync();
  }

  @Test
  void aStreamThatStartsWithThePrefaceOpensNoHopInside() throws Exception {
    CompletableFuture<Boolean> opens = new CompletableFuture<>();
    perStream = () -> new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        opens.complete(HopServer.opens(ctx, (ByteBuf) msg));
        ReferenceCountUtil.release(msg);
      }
    };
    open(new Collect(0)).writeAndFlush(Unpooled.copiedBuffer("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", StandardCharsets.US_ASCII));
    assertFalse(opens.get(WAIT_SECONDS, TimeUnit.SECONDS), "a hop's stream is never itself a hop");
  }

  @Test
  void aStreamWhoseReaderStopsHoldsItsWriterBackAtItsWindow() throws Exception {
    AtomicLong delivered = new AtomicLong();
    CompletableFuture<Channel> serverStream = new CompletableFuture<>();
    perStream = () -> new ChannelInboundHandlerAdapter() {
      @Override
      public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(false);
        serverStream.complete(ctx.channel());
      }

      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        delivered.addAndGet(((ByteBuf) msg).readableBytes());
        ReferenceCountUtil.release(msg);
      }
    };
    Http2StreamChannel stream = open(new Collect(0));
    int chunk = 16 * 1024;
    int total = 4 * Hop.STREAM_WINDOW;
    CompletableFuture<Boolean> heldBack = new CompletableFuture<>();
    stream.eventLoop().execute(() -> {
      boolean unwritable = false;
      for (int sent = 0; sent < total; sent += chunk) {
        stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[chunk]));
        unwritable |= !stream.isWritable();
      }
      heldBack.complete(unwritable);
    });
    assertTrue(heldBack.get(WAIT_SECONDS, TimeUnit.SECONDS), "the writer saw its stream unwritable");
    Channel reader = serverStream.get(WAIT_SECONDS, TimeUnit.SECONDS);
    Thread.sleep(200);  // what would have arrived had nothing held it back
    assertEquals(0, delivered.get(), "nothing is delivered to a reader that does not read");
    reader.config().setAutoRead(true);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (delivered.get() < total && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(total, delivered.get(), "all of it arrives once the reader reads");
    assertFalse(reader.isActive() && !stream.isActive(), "the stream is still open at both ends");
  }

  private Http2StreamChannel open(ChannelHandler handler) throws Exception {
    CompletableFuture<Http2StreamChannel> opened = new CompletableFuture<>();
    loop.execute(() -> clients.open(server.localAddress(), f -> {
      if (f.isSuccess()) {
        opened.complete(f.getNow());
      } else {
        opened.completeExceptionally(f.cause());
      }
    }, handler));
    return opened.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  /** The proxy port's part: at a connection's first bytes, the hop takes it over. */
  private final class TakeOver extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      assertTrue(HopServer.opens(ctx, (ByteBuf) msg), "the client's first bytes open a hop");
      HopServer.install(ctx, perStream);
      ctx.fireChannelRead(msg);
      ctx.pipeline().remove(this);
    }
  }

  /** Writes back what it reads. */
  private static class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.writeAndFlush(msg);
    }
  }

  /** Collects a stream's bytes until it has {@code expected} of them. */
  private static final class Collect extends ChannelInboundHandlerAdapter {
    final CompletableFuture<String> answer = new CompletableFuture<>();
    private final StringBuilder seen = new StringBuilder();
    private final int expected;

    Collect(int expected) {
      this.expected = expected;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf bytes = (ByteBuf) msg;
      seen.append(bytes.toString(StandardCharsets.US_ASCII));
      bytes.release();
      if (seen.length() >= expected) {
        answer.complete(seen.toString());
      }
    }
  }
}
