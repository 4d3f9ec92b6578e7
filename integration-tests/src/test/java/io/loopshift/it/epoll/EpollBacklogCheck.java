package io.loopshift.it.epoll;

import io.loopshift.it.epoll.EchoPeers.Echo;
import io.loopshift.it.support.UnixBacklog;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.loopshift.it.epoll.EchoPeers.acceptEchoing;
import static io.loopshift.it.epoll.EchoPeers.daemon;
import static io.loopshift.it.epoll.EchoPeers.openDescriptors;

/**
 * An {@code EpollSocketChannel} with {@code CONNECT_TIMEOUT_MILLIS}, through a {@code unix:}
 * route, to a Unix listener (backlog 1) that does not accept and whose backlog was filled first,
 * as a TCP connect to a full backlog stays pending. Args:
 * {@code <socket path> <routed port> <scenario> <connect timeout ms>}, scenario one of
 * <ul>
 * <li>{@code timeout}: the server never accepts; prints {@code OUTCOME cause=... elapsedMs=...};
 * <li>{@code accepted}: the server starts accepting after {@code timeout/5}; the channel must
 *     connect and echo; prints {@code OUTCOME cause=none ... echo=...};
 * <li>{@code fallback}: as {@code vanished}, with a TCP echo server on a port the kernel picks (the
 *     routed port argument is ignored; a route {@code 127.0.0.1:*} covers it), which
 *     {@code loopshift.fallback=tcp} must reach;
 * <li>{@code vanished}: the server closes and its file is removed after {@code timeout/5};
 *     prints the cause and message the connect failed with.
 * </ul>
 * Each scenario runs {@value #ROUNDS} times on one event loop, then prints
 * {@code DESCRIPTORS before= after=} (counted after the loop group exists, and after every server
 * and filler is closed).
 */
public final class EpollBacklogCheck {
    private static final int ROUNDS = 3;
    /** A hang guard only: a connect that never completes fails the check instead of the build timing out. */
    private static final long NEVER_COMPLETED_SECONDS = 120;

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        InetSocketAddress routed = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1]));
        String scenario = args[2];
        int timeoutMillis = Integer.parseInt(args[3]);
        System.out.println("TRANSPORT channel=" + EpollSocketChannel.class.getName() + " epoll=" + Epoll.isAvailable());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Bootstrap bootstrap = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis).handler(new ChannelInboundHandlerAdapter());
            // Warms the loop and Netty's classes up, so the descriptor count below is the steady one.
            group.submit(() -> { }).sync();
            // One TCP server for every round: a closed ServerSocket frees its port only once its accept thread has left.
            // On a port the kernel picks: a fixed one in the host's ephemeral range can be held by any connection.
            ServerSocket tcp = scenario.equals("fallback") ? new ServerSocket(0, 50, routed.getAddress()) : null;
            if (tcp != null) {
                routed = new InetSocketAddress(routed.getAddress(), tcp.getLocalPort());
                System.out.println("TCP_SERVER port=" + tcp.getLocalPort());
                daemon(() -> acceptEchoingOverTcp(tcp));
            }
            long before = openDescriptors();
            for (int round = 0; round < ROUNDS; round++) {
                run(scenario, bootstrap, path, routed, timeoutMillis);
            }
            Thread.sleep(200);  // the echo threads close their ends
            System.out.println("DESCRIPTORS before=" + before + " after=" + openDescriptors());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static void run(String scenario, Bootstrap bootstrap, Path path, InetSocketAddress routed, int timeoutMillis) throws Exception {
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path), 1);
        List<SocketChannel> fillers = UnixBacklog.fill(path);
        System.out.println("FILLED connections=" + fillers.size());
        try {
            Echo echo = new Echo();
            long start = System.nanoTime();
            ChannelFuture connect = bootstrap.clone().handler(echo).connect(routed);
            if (scenario.equals("accepted")) {
                daemon(() -> {
                    Thread.sleep(timeoutMillis / 5);
                    acceptEchoing(server);
                });
            } else if (scenario.equals("fallback")) {
                daemon(() -> {
                    Thread.sleep(timeoutMillis / 5);
                    server.close();
                    Files.deleteIfExists(path);
                });
            } else if (scenario.equals("vanished")) {
                daemon(() -> {
                    Thread.sleep(timeoutMillis / 5);
                    server.close();
                    Files.deleteIfExists(path);
                });
            }
            if (!connect.await(NEVER_COMPLETED_SECONDS, TimeUnit.SECONDS)) {
                System.out.println("OUTCOME cause=never-completed");
                return;
            }
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            Throwable cause = connect.cause();
            if (cause == null) {
                Channel channel = connect.channel();
                String answer = echo.roundTrip(channel, "after-the-backlog");
                System.out.println("OUTCOME cause=none elapsedMs=" + elapsedMillis + " timeoutMs=" + timeoutMillis + " echo=" + answer
                        + " remote=" + channel.remoteAddress());
                channel.close().sync();
            } else {
                // Netty fails the promise first and closes the channel right after.
                boolean closed = connect.channel().closeFuture().await(NEVER_COMPLETED_SECONDS, TimeUnit.SECONDS);
                System.out.println("OUTCOME cause=" + cause.getClass().getName() + " elapsedMs=" + elapsedMillis + " timeoutMs=" + timeoutMillis
                        + " closed=" + closed + " message=" + String.valueOf(cause.getMessage()).replace(' ', '_'));
            }
        } finally {
            for (SocketChannel filler : fillers) {
                filler.close();
            }
            server.close();
            Files.deleteIfExists(path);
        }
    }

    private static void acceptEchoingOverTcp(ServerSocket listener) throws IOException {
        while (true) {
            Socket accepted = listener.accept();
            daemon(() -> {
                try (accepted) {
                    accepted.getInputStream().transferTo(accepted.getOutputStream());
                }
            });
        }
    }
}
