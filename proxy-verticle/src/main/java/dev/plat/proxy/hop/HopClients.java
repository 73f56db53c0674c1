package dev.plat.proxy.hop;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import io.netty.util.concurrent.Promise;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The forwarding end of the multiplexed hop, for one event loop: one HTTP/2 connection per other
 * node's proxy port, each HTTP/1.1 connection to that node a stream of it ({@link StreamBridge}).
 * Requests written on many streams in one pass of the event loop leave in one write
 * ({@link FlushConsolidationHandler}), and their answers come back the same way. Used from its
 * loop only.
 */
public final class HopClients {
  private final Bootstrap tcp;
  private final ChannelGroup channels;
  /** The connection new streams to each address go to. */
  private final Map<SocketAddress, Connection> connections = new HashMap<>();

  /**
   * @param tcp      a bootstrap of this loop's TCP channels, handler not set
   * @param channels where each connection is added, so that closing them all closes it too
   */
  public HopClients(Bootstrap tcp, ChannelGroup channels) {
    this.tcp = tcp;
    this.channels = channels;
  }

  /**
   * Opens a stream to {@code address} whose pipeline is a {@link StreamBridge} and then
   * {@code handlers}; {@code done} gets the stream, or why there is none.
   */
  public void open(SocketAddress address, GenericFutureListener<Future<Http2StreamChannel>> done, ChannelHandler... handlers) {
    Connection current = connections.get(address);
    Connection connection = current == null || !current.takesStreams() ? connect(address) : current;
    connection.streams++;
    connection.ready.addListener((Future<Channel> f) -> {
      if (!f.isSuccess()) {
        connection.streams--;
        done.operationComplete(((EventLoop) tcp.config().group()).<Http2StreamChannel>newFailedFuture(f.cause()));
        return;
      }
      new Http2StreamChannelBootstrap(f.getNow()).handler(new ChannelInitializer<Channel>() {
        @Override
        protected void initChannel(Channel stream) {
          stream.pipeline().addLast(StreamBridge.client());
          stream.pipeline().addLast(handlers);
        }
      }).open().addListener((Future<Http2StreamChannel> stream) -> {
        if (stream.isSuccess()) {
          stream.getNow().closeFuture().addListener(c -> connection.streams--);
        } else {
          connection.streams--;
        }
        done.operationComplete(stream);
      });
    });
  }

  private Connection connect(SocketAddress address) {
    Http2FrameCodec codec = Http2FrameCodecBuilder.forClient().initialSettings(Hop.settings())
      .decoderEnforceMaxRstFramesPerWindow(Hop.MAX_RESETS, Hop.RESET_WINDOW_SECONDS).build();
    Connection connection = new Connection(codec, ((EventLoop) tcp.config().group()).newPromise());
    ChannelFuture connect = tcp.clone().handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(new FlushConsolidationHandler(256, true), Hop.idle(), codec, new Hop.KeepAlive(codec, true),
          new Http2MultiplexHandler(new Refuse()), new Ready(codec, connection.ready));
      }
    }).connect(address);
    connections.put(address, connection);
    connect.addListener((ChannelFutureListener) f -> {
      if (f.isSuccess()) {
        channels.add(f.channel());
        f.channel().closeFuture().addListener(c -> connections.remove(address, connection));
      } else {
        connections.remove(address, connection);
        connection.ready.tryFailure(f.cause());
      }
    });
    return connection;
  }

  /**
   * One hop connection: {@code ready} once its preface is sent; {@code streams} opened on it and not
   * closed yet, those being opened included (a stream counts for its peer only once its first frame
   * went out). A connection that takes no more streams (as many as the peer allows, or a GOAWAY
   * from a peer going down) is left to the streams it carries, which end on it; the next open
   * makes another.
   */
  private static final class Connection {
    final Http2FrameCodec codec;
    final Promise<Channel> ready;
    int streams;

    Connection(Http2FrameCodec codec, Promise<Channel> ready) {
      this.codec = codec;
      this.ready = ready;
    }

    boolean takesStreams() {
      if (streams >= Hop.MAX_STREAMS) {
        return false;
      }
      return !ready.isDone() || (ready.isSuccess() && ready.getNow().isActive() && !codec.connection().goAwayReceived());
    }
  }

  /**
   * Widens the receive window and says the connection is ready once the codec sent its preface:
   * a connect listener runs before that, and a stream's frames must follow it.
   */
  private static final class Ready extends ChannelInboundHandlerAdapter {
    private final Http2FrameCodec codec;
    private final Promise<Channel> ready;

    Ready(Http2FrameCodec codec, Promise<Channel> ready) {
      this.codec = codec;
      this.ready = ready;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      Hop.widen(codec);
      ctx.fireChannelActive();
      ctx.pipeline().remove(this);
      ready.trySuccess(ctx.channel());
    }
  }

  /** Streams the other node opens: none are expected. */
  private static final class Refuse extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      ctx.close();
    }
  }
}
