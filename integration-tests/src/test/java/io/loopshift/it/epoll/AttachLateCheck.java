package io.loopshift.it.epoll;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Netty loaded and used before the agent arrives: one epoll connect to a TCP server, then
 * {@code READY}, then, once the file {@code <socket path>.go} exists (the test attaches the agent
 * with a {@code unix:} route first), N more connects to the same port. Args:
 * {@code <socket path> <port> <connections>}. Prints
 * {@code RESULT before-tcp=1 after-ok=N tcp=1 unix=N}: the connects after the attach reach the Unix
 * server, not the TCP one.
 */
public final class AttachLateCheck {
    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        int connections = Integer.parseInt(args[2]);
        System.out.println("TRANSPORT channel=" + EpollSocketChannel.class.getName() + " epoll=" + Epoll.isAvailable());
        EpollEchoServer tcp = EpollEchoServer.tcp("127.0.0.1", port);
        EpollEchoServer unix = EpollEchoServer.unix(path);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        Bootstrap bootstrap = new Bootstrap().group(group).channel(EpollSocketChannel.class).handler(new ChannelInboundHandlerAdapter() {
            @Override
            public boolean isSharable() {
                return true;
            }
        });
        InetSocketAddress destination = new InetSocketAddress("127.0.0.1", port);
        try {
            bootstrap.connect(destination).sync().channel().close().sync();
            System.out.println("READY");
            Path go = Path.of(path + ".go");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(go) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            int ok = 0;
            Channel last = null;
            for (int i = 0; i < connections; i++) {
                Channel channel = bootstrap.connect(destination).sync().channel();
                ok++;
                if (last != null) {
                    last.close().sync();
                }
                last = channel;
            }
            System.out.println("CHANNEL remote=" + last.remoteAddress() + " local=" + last.localAddress());
            last.close().sync();
            Thread.sleep(200);  // the servers count their last accepts
            System.out.println("RESULT after-ok=" + ok + " tcp=" + tcp.accepted() + " unix=" + unix.accepted());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            tcp.close();
            unix.close();
        }
    }
}
