package io.loopshift.it.epoll;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringSocketChannel;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Netty 4.2's io_uring transport, which the agent does not rewrite: N connects to a routed TCP
 * port must reach the TCP server unchanged, and the agent must say so once. Args:
 * {@code <port> <connections>}. Prints {@code TRANSPORT channel= io_uring=} and
 * {@code RESULT ok= tcp=}; exit code 3 when io_uring is unavailable on this machine.
 */
public final class IoUringWarningCheck {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int connections = Integer.parseInt(args[1]);
        System.out.println("TRANSPORT channel=" + IoUringSocketChannel.class.getName() + " io_uring=" + IoUring.isAvailable());
        if (!IoUring.isAvailable()) {
            System.exit(3);
        }
        EpollEchoServer tcp = EpollEchoServer.tcp("127.0.0.1", port);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, IoUringIoHandler.newFactory());
        int ok = 0;
        try {
            for (int i = 0; i < connections; i++) {
                new Bootstrap().group(group).channel(IoUringSocketChannel.class).handler(new ChannelInboundHandlerAdapter())
                        .connect(new InetSocketAddress("127.0.0.1", port)).sync().channel().close().sync();
                ok++;
            }
            Thread.sleep(200);  // the server counts its last accepts
            System.out.println("RESULT ok=" + ok + " tcp=" + tcp.accepted());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            tcp.close();
        }
    }
}
