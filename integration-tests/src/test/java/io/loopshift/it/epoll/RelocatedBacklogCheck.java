package io.loopshift.it.epoll;

import io.grpc.netty.shaded.io.netty.bootstrap.Bootstrap;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.ChannelFuture;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.loopshift.it.support.UnixBacklog;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.loopshift.it.epoll.EchoPeers.acceptEchoing;
import static io.loopshift.it.epoll.EchoPeers.daemon;

/**
 * The relocated Netty of grpc-netty-shaded (4.1, which puts a channel in its epoll set before the
 * connect, and 4.2) against a Unix listener whose backlog is full: with
 * {@code CONNECT_TIMEOUT_MILLIS}, a server that never accepts ({@code OUTCOME timeout cause=...})
 * and one that starts accepting after a fifth of the timeout ({@code OUTCOME accepted cause=...
 * echo=...}). Args: {@code <socket path> <port> <connect timeout ms>}.
 */
public final class RelocatedBacklogCheck {
    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        InetSocketAddress routed = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1]));
        int timeoutMillis = Integer.parseInt(args[2]);
        System.out.println("TRANSPORT channel=" + EpollSocketChannel.class.getName() + " epoll=" + Epoll.isAvailable());
        @SuppressWarnings("deprecation")
        EventLoopGroup group = new EpollEventLoopGroup(1);
        try {
            for (String scenario : new String[] {"timeout", "accepted"}) {
                Files.deleteIfExists(path);
                ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                server.bind(UnixDomainSocketAddress.of(path), 1);
                List<SocketChannel> fillers = UnixBacklog.fill(path);
                try {
                    if (scenario.equals("accepted")) {
                        daemon(() -> {
                            Thread.sleep(timeoutMillis / 5);
                            acceptEchoing(server);
                        });
                    }
                    CompletableFuture<String> echo = new CompletableFuture<>();
                    long start = System.nanoTime();
                    ChannelFuture connect = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis).handler(new RelocatedEpollCheck.LineEcho(echo)).connect(routed);
                    connect.await(120, TimeUnit.SECONDS);
                    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    String outcome = "OUTCOME " + scenario + " cause=" + (connect.cause() == null ? "none" : connect.cause().getClass().getName())
                            + " elapsedMs=" + elapsedMillis + " timeoutMs=" + timeoutMillis;
                    if (connect.isSuccess()) {
                        connect.channel().writeAndFlush(Unpooled.copiedBuffer("relocated\n", StandardCharsets.US_ASCII));
                        outcome += " echo=" + echo.get(30, TimeUnit.SECONDS).trim();
                        connect.channel().close().sync();
                    }
                    System.out.println(outcome);
                } finally {
                    for (SocketChannel filler : fillers) {
                        filler.close();
                    }
                    server.close();
                    Files.deleteIfExists(path);
                }
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
