package io.loopshift.it.epoll;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens N concurrent connections with a raw Netty {@code Bootstrap} on {@code EpollSocketChannel},
 * each sending a line and waiting for its echo, and holds them all open until the end. The echo
 * server runs in this JVM: on TCP ({@code tcp <bind address> <port>}, recording each peer's and
 * its own local address) or only on a Unix socket ({@code unix <path> <port>}, nothing listens on
 * the TCP port). Prints:
 * <pre>
 * TRANSPORT channel=io.netty.channel.epoll.EpollSocketChannel epoll=true
 * RESULT ok=150 failed=0 first-error=-
 * CHANNEL remote=/127.0.0.1:30001 local=/127.0.1.1:39122
 * SERVER accepted=150 peers=150 locals=1 transport=tcp
 * </pre>
 * Exit code 0 means the checker ran; the test judges the numbers.
 */
public final class EpollClientCheck {
    private static final long CONNECT_DEADLINE_SECONDS = 20;

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        String where = args[1];
        int port = Integer.parseInt(args[2]);
        int connections = Integer.parseInt(args[3]);
        System.out.println("TRANSPORT channel=" + EpollSocketChannel.class.getName() + " epoll=" + Epoll.isAvailable());
        if (!Epoll.isAvailable()) {
            Epoll.unavailabilityCause().printStackTrace();
            System.exit(3);
        }
        EpollEchoServer server = kind.equals("unix") ? EpollEchoServer.unix(Path.of(where)) : EpollEchoServer.tcp(where, port);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
        try {
            run(group, new InetSocketAddress("127.0.0.1", port), connections);
            server.report();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            server.close();
        }
    }

    private static void run(EventLoopGroup group, SocketAddress destination, int connections) throws InterruptedException {
        Bootstrap bootstrap = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInboundHandlerAdapter());
        List<ChannelFuture> connects = new ArrayList<>();
        List<CompletableFuture<String>> echoes = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            CompletableFuture<String> echo = new CompletableFuture<>();
            echoes.add(echo);
            String line = "hello " + i + "\n";
            connects.add(bootstrap.clone().handler(new EchoExpectation(line, echo)).connect(destination));
        }
        int ok = 0;
        int failed = 0;
        String firstError = "-";
        Channel first = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CONNECT_DEADLINE_SECONDS);
        for (int i = 0; i < connections; i++) {
            ChannelFuture connect = connects.get(i);
            String error = null;
            try {
                connect.await(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                if (!connect.isSuccess()) {
                    error = connect.cause() == null ? "connect did not finish" : connect.cause().toString();
                } else {
                    String echoed = echoes.get(i).get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())), TimeUnit.MILLISECONDS);
                    if (!echoed.equals("hello " + i + "\n")) {
                        error = "wrong echo: " + echoed;
                    }
                }
            } catch (Exception e) {
                error = e.toString();
            }
            if (error == null) {
                ok++;
                if (first == null) {
                    first = connect.channel();
                }
            } else {
                failed++;
                if (firstError.equals("-")) {
                    firstError = error.replace(' ', '_');
                }
            }
        }
        System.out.println("RESULT ok=" + ok + " failed=" + failed + " first-error=" + firstError);
        if (first != null) {
            System.out.println("CHANNEL remote=" + first.remoteAddress() + " local=" + first.localAddress() + " class=" + first.getClass().getName());
        }
        for (ChannelFuture connect : connects) {
            connect.channel().close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** Writes its line when active and completes with what comes back. */
    private static final class EchoExpectation extends ChannelInboundHandlerAdapter {
        private final String line;
        private final CompletableFuture<String> echo;
        private final StringBuilder received = new StringBuilder();

        EchoExpectation(String line, CompletableFuture<String> echo) {
            this.line = line;
            this.echo = echo;
        }

        @Override
        public void channelActive(ChannelHandlerContext context) {
            context.writeAndFlush(Unpooled.copiedBuffer(line, StandardCharsets.US_ASCII));
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            ByteBuf bytes = (ByteBuf) message;
            received.append(bytes.toString(StandardCharsets.US_ASCII));
            bytes.release();
            if (received.indexOf("\n") >= 0) {
                echo.complete(received.toString());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            echo.completeExceptionally(cause);
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            echo.completeExceptionally(new IOException("closed before the echo"));
        }
    }
}
