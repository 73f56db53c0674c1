package dev.plat.proxy.upstream;

import dev.plat.cluster.InstancePeer;
import dev.plat.proxy.hop.HopClients;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.spi.transport.Transport;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/** The upstream connections of one event loop: connects new ones with the Vert.x transport (epoll or NIO). */
public final class LoopConnections {
  private static final Logger LOG = Logger.getLogger(LoopConnections.class.getName());
  private static final int CONNECT_TIMEOUT_MS = 10_000;
  private static final int IDLE_SECONDS = 60;

  final int index;
  private final Transport transport;
  private final ChannelGroup channels;
  private final int maxConnections;
  private final Bootstrap domain;
  private final Bootstrap tcp;
  /** Other nodes' proxy ports as streams of one multiplexed connection each; null: a TCP connection per connection. */
  private final HopClients hops;
  /** The invocation timeouts of this loop. */
  public final Deadlines deadlines = new Deadlines();
  private final io.netty.util.concurrent.ScheduledFuture<?> sweep;

  LoopConnections(EventLoop loop, int index, Transport transport, ChannelGroup channels, int maxConnections,
      boolean multiplexedHop) {
    this.index = index;
    this.transport = transport;
    this.channels = channels;
    this.maxConnections = maxConnections;
    this.domain = bootstrap(loop, true);
    this.tcp = bootstrap(loop, false).option(ChannelOption.TCP_NODELAY, true);
    this.hops = multiplexedHop ? new HopClients(tcp, channels) : null;
    this.sweep = loop.scheduleAtFixedRate(deadlines, Deadlines.TICK_MS, Deadlines.TICK_MS, TimeUnit.MILLISECONDS);
  }

  void close() {
    sweep.cancel(false);
  }

  private Bootstrap bootstrap(EventLoop loop, boolean domainSocket) {
    return new Bootstrap().group(loop).channelFactory(transport.channelFactory(domainSocket))
      .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
      .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS);
  }

  /** The connections of this loop to {@code upstream}. */
  public ConnectionSlot slot(Upstream upstream) {
    ConnectionSlot slot = upstream.slots[index];
    if (slot == null) {
      slot = new ConnectionSlot(this, upstream, transport.convert(upstream.address), maxConnections);
      upstream.slots[index] = slot;
    }
    return slot;
  }

  /**
   * Whether a new connection to {@code upstream} reaches the instance's own process: checked once
   * per connection, before a byte is written, on the very channel that will carry the requests.
   * Its socket folder is the function's to write, so the path alone proves nothing (it may be a
   * link to dockerd's socket or another instance's). Routes without a container (sockets that are
   * no container's: tests, benchmarks) and other nodes' proxy ports are not checked.
   */
  public static boolean verified(Upstream upstream, Channel channel) {
    String container = upstream.route.container();
    if (!upstream.local || container == null) {
      return true;
    }
    if (InstancePeer.belongsTo(channel, container)) {
      return true;
    }
    LOG.warning(() -> "instance " + upstream.route.instance() + " of function " + upstream.route.function()
      + ": the process behind " + upstream.route.socket() + " is not in container " + container
      + (channel instanceof EpollDomainSocketChannel ? "" : " (its peer can be checked on the native epoll transport only)")
      + "; connection closed unused");
    return false;
  }

  void connect(ConnectionSlot slot, Exchange ex) {
    UpstreamConnection connection = new UpstreamConnection(slot);
    // reader idleness only: watching writes too would cost a promise and a listener on every write
    IdleStateHandler idle = new IdleStateHandler(IDLE_SECONDS, 0, 0, TimeUnit.SECONDS);
    if (hops != null && !slot.upstream.local) {
      hops.open(slot.address, f -> opened(slot, ex, connection, f.isSuccess() ? f.getNow() : null, f.cause()),
        idle, connection);
      return;
    }
    Bootstrap bootstrap = (slot.upstream.local ? domain : tcp).clone().handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(idle, connection);
      }
    });
    bootstrap.connect(slot.address).addListener((ChannelFutureListener) f ->
      opened(slot, ex, connection, f.isSuccess() ? f.channel() : null, f.cause()));
  }

  private void opened(ConnectionSlot slot, Exchange ex, UpstreamConnection connection, Channel channel, Throwable cause) {
    if (channel != null && !verified(slot.upstream, channel)) {
      channel.close();
      slot.connectFailed();
      ex.connectFailed(UpstreamFailure.unverified());
    } else if (channel != null) {
      connection.channel = channel;
      channels.add(channel);
      if (ex.abandoned()) {
        slot.release(connection);
      } else {
        ex.connected(connection);
      }
    } else {
      slot.connectFailed();
      ex.connectFailed(cause);
    }
  }
}
