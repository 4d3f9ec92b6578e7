package io.loopshift.it.epoll;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Netty epoll servers ({@code EpollServerSocketChannel}) on two ephemeral ports a
 * {@code loopshift.listen} rule matches: they stay on TCP, where a plain client's line is echoed.
 * Args: {@code <socket directory>}. Prints {@code TRANSPORT}, one
 * {@code SERVER port= echo= socketFile=} line per server, and the rule's JMX counters.
 */
public final class EpollServerCheck {
    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        System.out.println("TRANSPORT channel=" + EpollServerSocketChannel.class.getName() + " epoll=" + Epoll.isAvailable());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            for (int i = 0; i < 2; i++) {
                Channel server = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                        .childHandler(new EchoHandler()).bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
                int port = ((InetSocketAddress) server.localAddress()).getPort();
                System.out.println("SERVER port=" + port + " echo=" + echoOverTcp(port) + " socketFile=" + Files.exists(directory.resolve(port + ".sock"))
                        + " class=" + server.getClass().getName());
            }
            printCounters();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static String echoOverTcp(int port) throws Exception {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = client.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                line.append((char) b);
            }
            return line.toString();
        }
    }

    private static void printCounters() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName rule = new ObjectName("loopshift:type=Listen,name=1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!server.isRegistered(rule) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (!server.isRegistered(rule)) {
            System.out.println("JMX registered=false");
            return;
        }
        System.out.println("JMX registered=true notCovered=" + server.getAttribute(rule, "NotCovered") + " bound=" + server.getAttribute(rule, "Bound")
                + " failures=" + server.getAttribute(rule, "Failures"));
    }

    private static final class EchoHandler extends ChannelInboundHandlerAdapter {
        @Override
        public boolean isSharable() {
            return true;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            context.writeAndFlush((ByteBuf) message);
        }
    }
}
