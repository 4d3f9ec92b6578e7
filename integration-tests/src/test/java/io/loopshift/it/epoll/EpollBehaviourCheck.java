package io.loopshift.it.epoll;

import io.loopshift.it.epoll.EchoPeers.Echo;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static io.loopshift.it.epoll.EchoPeers.acceptEchoing;
import static io.loopshift.it.epoll.EchoPeers.daemon;
import static io.loopshift.it.epoll.EchoPeers.openDescriptors;

/**
 * Behaviour of an {@code EpollSocketChannel} that a {@code unix:} route redirected, in the style
 * of {@code UnixBehaviourCheck}: data both ways, addresses, TCP options set before and after the
 * connect read back, SOL_SOCKET options applied for real, close from another thread, a reused
 * descriptor number that must not inherit the redirect's answers, and no descriptor leak over many
 * cycles. Args: {@code <socket path> <routed port> <plain TCP port, 0 for one the kernel picks>}. Prints one
 * {@code CHECK <name> ok|FAIL ...} line per check and {@code RESULT failures=N}.
 */
public final class EpollBehaviourCheck {
    private static final int CYCLES = 300;
    private static int failures;

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        int routedPort = Integer.parseInt(args[1]);
        // A port the kernel picks: a fixed one in the ephemeral range can be held by any client socket of the host.
        int askedPlainPort = Integer.parseInt(args[2]);
        System.out.println("TRANSPORT channel=" + EpollSocketChannel.class.getName() + " epoll=" + Epoll.isAvailable());
        Files.deleteIfExists(path);
        ServerSocketChannel unixServer = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        unixServer.bind(UnixDomainSocketAddress.of(path), 64);
        daemon(() -> acceptEchoing(unixServer));
        ServerSocket plainServer = new ServerSocket(askedPlainPort, 64, java.net.InetAddress.getLoopbackAddress());
        int plainPort = plainServer.getLocalPort();
        daemon(() -> {
            while (true) {
                Socket accepted = plainServer.accept();
                daemon(() -> accepted.getInputStream().transferTo(accepted.getOutputStream()));
            }
        });
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        InetSocketAddress routed = new InetSocketAddress("127.0.0.1", routedPort);
        try {
            Bootstrap withOptions = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.SO_KEEPALIVE, true)
                    .option(ChannelOption.IP_TOS, 0x10)
                    .option(EpollChannelOption.TCP_KEEPIDLE, 33)
                    .option(EpollChannelOption.TCP_KEEPINTVL, 7)
                    .option(EpollChannelOption.TCP_KEEPCNT, 4)
                    .option(EpollChannelOption.TCP_USER_TIMEOUT, 12_345)
                    .handler(new ChannelInboundHandlerAdapter());
            Echo echo = new Echo();
            Channel channel = withOptions.clone().handler(echo).connect(routed).sync().channel();
            check("echo", "hello", echo.roundTrip(channel, "hello"));
            check("remote-address", true, String.valueOf(channel.remoteAddress()).endsWith("/127.0.0.1:" + routedPort));
            check("local-address", "/127.0.0.1:0", String.valueOf(channel.localAddress()));
            check("tcp-nodelay-before", true, channel.config().getOption(ChannelOption.TCP_NODELAY));
            check("ip-tos-before", 0x10, channel.config().getOption(ChannelOption.IP_TOS));
            check("keepidle-before", 33, channel.config().getOption(EpollChannelOption.TCP_KEEPIDLE));
            check("keepintvl-before", 7, channel.config().getOption(EpollChannelOption.TCP_KEEPINTVL));
            check("keepcnt-before", 4, channel.config().getOption(EpollChannelOption.TCP_KEEPCNT));
            check("user-timeout-before", 12_345, channel.config().getOption(EpollChannelOption.TCP_USER_TIMEOUT));
            check("so-keepalive-real", true, channel.config().getOption(ChannelOption.SO_KEEPALIVE));
            channel.config().setOption(ChannelOption.TCP_NODELAY, false);
            channel.config().setOption(ChannelOption.IP_TOS, 0x20);
            channel.config().setOption(EpollChannelOption.TCP_KEEPIDLE, 44);
            channel.config().setOption(EpollChannelOption.TCP_USER_TIMEOUT, 777);
            channel.config().setOption(EpollChannelOption.TCP_QUICKACK, true);
            channel.config().setOption(ChannelOption.SO_RCVBUF, 65_536);
            check("tcp-nodelay-after", false, channel.config().getOption(ChannelOption.TCP_NODELAY));
            check("ip-tos-after", 0x20, channel.config().getOption(ChannelOption.IP_TOS));
            check("keepidle-after", 44, channel.config().getOption(EpollChannelOption.TCP_KEEPIDLE));
            check("user-timeout-after", 777, channel.config().getOption(EpollChannelOption.TCP_USER_TIMEOUT));
            check("quickack-after", true, channel.config().getOption(EpollChannelOption.TCP_QUICKACK));
            // The kernel doubles SO_RCVBUF: a value of at least the one set shows it reached the Unix socket.
            check("so-rcvbuf-real", true, channel.config().getOption(ChannelOption.SO_RCVBUF) >= 65_536);
            check("echo-after-options", "again", echo.roundTrip(channel, "again"));

            Thread closer = new Thread(() -> channel.close().syncUninterruptibly());
            closer.start();
            closer.join(10_000);
            check("closed-from-another-thread", false, channel.isOpen());
            // Another thread (the in-process server's) may take the freed number first: try a few redirected channels.
            boolean reused = false;
            for (int attempt = 0; attempt < 5 && !reused; attempt++) {
                Channel redirected = withOptions.clone().handler(new ChannelInboundHandlerAdapter()).connect(routed).sync().channel();
                redirected.config().setOption(ChannelOption.TCP_NODELAY, false);
                int number = ((EpollSocketChannel) redirected).fd().intValue();
                redirected.close().sync();
                reused = reusedNumberAnswersForItself(group, number, plainPort);
            }
            check("descriptor-reuse", true, reused);

            long before = openDescriptors();
            Bootstrap plain = new Bootstrap().group(group).channel(EpollSocketChannel.class).handler(new ChannelInboundHandlerAdapter());
            for (int i = 0; i < CYCLES; i++) {
                Echo cycle = new Echo();
                Channel c = plain.clone().handler(cycle).connect(routed).sync().channel();
                cycle.roundTrip(c, "x" + i);
                c.close().sync();
            }
            Thread.sleep(200);  // the echo server's threads close their ends
            long after = openDescriptors();
            System.out.println("DESCRIPTORS before=" + before + " after=" + after + " cycles=" + CYCLES);
            check("no-descriptor-leak", true, after - before < 10);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        System.out.println("RESULT failures=" + failures);
    }

    /** Opens plain TCP channels until one gets the redirected channel's old number; it must answer its own addresses. */
    private static boolean reusedNumberAnswersForItself(EventLoopGroup group, int number, int plainPort) throws InterruptedException {
        Bootstrap plain = new Bootstrap().group(group).channel(EpollSocketChannel.class).handler(new ChannelInboundHandlerAdapter());
        List<Channel> held = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Channel c = plain.clone().handler(new ChannelInboundHandlerAdapter()).connect(new InetSocketAddress("127.0.0.1", plainPort)).sync().channel();
                held.add(c);
                if (((EpollSocketChannel) c).fd().intValue() == number) {
                    InetSocketAddress local = (InetSocketAddress) c.localAddress();
                    System.out.println("REUSED number=" + number + " local=" + local + " remote=" + c.remoteAddress());
                    // Netty enables TCP_NODELAY by default; the redirected channel had it turned off: the kernel must answer here.
                    return local.getPort() != 0 && String.valueOf(c.remoteAddress()).endsWith(":" + plainPort)
                            && c.config().getOption(ChannelOption.TCP_NODELAY);
                }
            }
            System.out.println("REUSED number=" + number + " not seen in 20 connects");
            return false;
        } finally {
            for (Channel c : held) {
                c.close().sync();
            }
        }
    }

    private static void check(String name, Object expected, Object actual) {
        boolean ok = Objects.equals(expected, actual);
        if (!ok) {
            failures++;
        }
        System.out.println("CHECK " + name + (ok ? " ok" : " FAIL expected=" + expected + " actual=" + actual));
    }
}
