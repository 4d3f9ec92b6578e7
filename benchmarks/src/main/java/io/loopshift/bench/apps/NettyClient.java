package io.loopshift.bench.apps;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Figure 6, Netty's native epoll transport: the client is a Netty {@link Bootstrap} on an epoll
 * event loop with {@link EpollSocketChannel} to 127.0.0.1:port (which the agent may redirect) or,
 * for the native Unix variant, Netty's own {@link EpollDomainSocketChannel} to the path. Cells:
 * {@code churn:N} (N threads repeat connect, 64-byte request, 128-byte response, close, as in
 * figure 1), {@code echo} (one connection, 64-byte round trips) and {@code bulk} (one connection,
 * bytes the server streams). Each client thread waits for its exchange to finish, so a cell keeps
 * N connections in flight; the event loop has as many threads as the widest cell.
 */
public final class NettyClient {
    private static final long TIMEOUT_SECONDS = 10;
    /** How often the bulk cell collects the bytes its channel read: each collection is one unit of work. */
    private static final long BULK_SAMPLE_MILLIS = 5;

    private static EventLoopGroup group;

    private NettyClient() {
    }

    public static void main(String[] args) throws Exception {
        group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
        try {
            CellClient.run(args, "churn:1,churn:2,echo,bulk", NettyClient::run);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    private static CellRunner.Outcome run(String cell, SocketAddress target, long nanos) throws InterruptedException {
        String[] parts = cell.split(":");
        Bootstrap bootstrap = bootstrap(target);
        SocketAddress remote = target instanceof UnixDomainSocketAddress unix ? new DomainSocketAddress(unix.getPath().toString()) : target;
        return switch (parts[0]) {
            case "churn" -> CellRunner.run(() -> () -> churnOnce(bootstrap, remote), Integer.parseInt(parts[1]), nanos, 0);
            case "echo" -> CellRunner.run(() -> echo(bootstrap, remote), 1, nanos, 0);
            case "bulk" -> CellRunner.run(() -> bulk(bootstrap, remote), 1, nanos, 0);
            default -> throw new IllegalArgumentException("unknown cell " + cell);
        };
    }

    private static Bootstrap bootstrap(SocketAddress target) {
        Bootstrap bootstrap = new Bootstrap().group(group).handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                channel.pipeline().addLast(new Expecting());
            }
        });
        if (target instanceof UnixDomainSocketAddress) {
            return bootstrap.channel(EpollDomainSocketChannel.class);
        }
        return bootstrap.channel(EpollSocketChannel.class).option(ChannelOption.TCP_NODELAY, true);
    }

    private static long churnOnce(Bootstrap bootstrap, SocketAddress remote) throws Exception {
        Channel channel = connect(bootstrap, remote);
        try {
            exchange(channel, Wire.CHURN, Wire.RESPONSE);
        } finally {
            channel.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        return 1;
    }

    private static CellRunner.Work echo(Bootstrap bootstrap, SocketAddress remote) {
        Channel channel = connectOrThrow(bootstrap, remote);
        return new CellRunner.Work() {
            @Override
            public long once() throws Exception {
                exchange(channel, Wire.ECHO, Wire.HELLO);
                return 1;
            }

            @Override
            public void finish() {
                channel.close().awaitUninterruptibly(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        };
    }

    private static CellRunner.Work bulk(Bootstrap bootstrap, SocketAddress remote) {
        Channel channel = connectOrThrow(bootstrap, remote);
        Expecting reader = channel.pipeline().get(Expecting.class);
        channel.writeAndFlush(Unpooled.wrappedBuffer(Wire.hello(Wire.BULK)));
        return new CellRunner.Work() {
            @Override
            public long once() throws Exception {
                Thread.sleep(BULK_SAMPLE_MILLIS);
                if (!channel.isActive()) {
                    throw new IOException("server closed the bulk connection");
                }
                return reader.bytes.sumThenReset();
            }

            @Override
            public void finish() {
                channel.close().awaitUninterruptibly(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        };
    }

    private static Channel connect(Bootstrap bootstrap, SocketAddress remote) throws Exception {
        var connected = bootstrap.connect(remote);
        if (!connected.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            connected.channel().close();
            throw new IOException("connect to " + remote + " timed out");
        }
        if (!connected.isSuccess()) {
            throw connected.cause() instanceof Exception failure ? failure : new IOException(connected.cause());
        }
        return connected.channel();
    }

    private static Channel connectOrThrow(Bootstrap bootstrap, SocketAddress remote) {
        try {
            return connect(bootstrap, remote);
        } catch (Exception failure) {
            throw new IllegalStateException(failure);
        }
    }

    /** Sends the 64-byte message of this mode and waits until {@code expected} bytes came back. */
    private static void exchange(Channel channel, byte mode, int expected) throws Exception {
        CompletableFuture<Void> answered = channel.pipeline().get(Expecting.class).expect(expected);
        channel.writeAndFlush(Unpooled.wrappedBuffer(Wire.hello(mode)));
        answered.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Counts what a channel reads and completes the waiting exchange once its bytes are in. */
    private static final class Expecting extends ChannelInboundHandlerAdapter {
        final LongAdder bytes = new LongAdder();
        private volatile CompletableFuture<Void> waiting;
        private long missing;

        /** Called by the client thread between exchanges, when the event loop holds no pending bytes for it. */
        CompletableFuture<Void> expect(int count) {
            CompletableFuture<Void> future = new CompletableFuture<>();
            missing = count;
            waiting = future;
            return future;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            ByteBuf buffer = (ByteBuf) message;
            int read = buffer.readableBytes();
            buffer.release();
            bytes.add(read);
            CompletableFuture<Void> future = waiting;
            if (future != null) {
                missing -= read;
                if (missing <= 0) {
                    waiting = null;
                    future.complete(null);
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            fail(new IOException("the server closed the connection"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            fail(cause);
            context.close();
        }

        private void fail(Throwable cause) {
            CompletableFuture<Void> future = waiting;
            if (future != null) {
                waiting = null;
                future.completeExceptionally(cause);
            }
        }
    }
}
