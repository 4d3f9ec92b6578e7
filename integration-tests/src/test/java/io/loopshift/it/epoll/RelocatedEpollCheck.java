package io.loopshift.it.epoll;

import io.grpc.netty.shaded.io.netty.bootstrap.Bootstrap;
import io.grpc.netty.shaded.io.netty.buffer.ByteBuf;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Netty that grpc-netty-shaded bundles, relocated under {@code io.grpc.netty.shaded}: N
 * sequential connects of its {@code EpollSocketChannel} to a {@code unix:}-routed port, each
 * echoing a line through a server that listens only on a Unix socket. Compiled against one
 * grpc-netty-shaded and run against others (their Netty 4.1 and 4.2 share this API). Args:
 * {@code <socket path> <port> <connections>}. Prints {@code TRANSPORT}, {@code NETTY version=},
 * {@code RESULT ok= failed= first-error=} and {@code CHANNEL remote= local=}.
 */
public final class RelocatedEpollCheck {
    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        int connections = Integer.parseInt(args[2]);
        System.out.println("TRANSPORT channel=" + EpollSocketChannel.class.getName() + " epoll=" + Epoll.isAvailable());
        System.out.println("NETTY version=" + nettyVersion());
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path), 64);
        Thread acceptor = new Thread(() -> echoAll(server));
        acceptor.setDaemon(true);
        acceptor.start();
        @SuppressWarnings("deprecation")
        EventLoopGroup group = new EpollEventLoopGroup(1);
        int ok = 0;
        String firstError = "-";
        Channel last = null;
        try {
            for (int i = 0; i < connections; i++) {
                CompletableFuture<String> echo = new CompletableFuture<>();
                try {
                    Channel channel = new Bootstrap().group(group).channel(EpollSocketChannel.class).handler(new LineEcho(echo))
                            .connect(new InetSocketAddress("127.0.0.1", port)).sync().channel();
                    channel.writeAndFlush(Unpooled.copiedBuffer("line " + i + "\n", StandardCharsets.US_ASCII));
                    if (echo.get(10, TimeUnit.SECONDS).equals("line " + i + "\n")) {
                        ok++;
                    }
                    if (last != null) {
                        last.close().sync();
                    }
                    last = channel;
                } catch (Exception e) {
                    if (firstError.equals("-")) {
                        firstError = e.toString().replace(' ', '_');
                    }
                }
            }
            System.out.println("RESULT ok=" + ok + " failed=" + (connections - ok) + " first-error=" + firstError);
            if (last != null) {
                System.out.println("CHANNEL remote=" + last.remoteAddress() + " local=" + last.localAddress());
                last.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static String nettyVersion() throws Exception {
        for (String name : new String[] {"META-INF/io.grpc.netty.shaded.io.netty.versions.properties", "META-INF/io.netty.versions.properties"}) {
            var in = EpollSocketChannel.class.getClassLoader().getResourceAsStream(name);
            if (in != null) {
                Properties versions = new Properties();
                try (in) {
                    versions.load(in);
                }
                return versions.getProperty("netty-transport-native-epoll.version", versions.getProperty("netty-common.version"));
            }
        }
        return "unknown";
    }

    private static void echoAll(ServerSocketChannel server) {
        try {
            while (true) {
                SocketChannel accepted = server.accept();
                Thread echo = new Thread(() -> {
                    try (accepted) {
                        ByteBuffer buffer = ByteBuffer.allocate(256);
                        while (accepted.read(buffer.clear()) > 0) {
                            accepted.write(buffer.flip());
                        }
                    } catch (Exception ended) {
                        // The client closed.
                    }
                });
                echo.setDaemon(true);
                echo.start();
            }
        } catch (Exception closed) {
            // End of the run.
        }
    }

    /** Completes with what came back once a whole line did (relocated Netty's types, so shared only by the relocated checks). */
    static final class LineEcho extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<String> echo;
        private final StringBuilder received = new StringBuilder();

        LineEcho(CompletableFuture<String> echo) {
            this.echo = echo;
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
    }
}
