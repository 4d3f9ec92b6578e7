package io.loopshift.it.epoll;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** What the epoll checks share: a Unix echo server's accept loop, daemon threads, a descriptor count and a Netty echo client handler. */
final class EchoPeers {
    private EchoPeers() {
    }

    /** Accepts and echoes on each connection, until the server closes. */
    static void acceptEchoing(ServerSocketChannel server) throws IOException {
        while (true) {
            SocketChannel accepted = server.accept();
            daemon(() -> {
                try (accepted) {
                    ByteBuffer buffer = ByteBuffer.allocate(256);
                    while (accepted.read(buffer.clear()) > 0) {
                        accepted.write(buffer.flip());
                    }
                }
            });
        }
    }

    interface Work {
        void run() throws Exception;
    }

    static Thread daemon(Work work) {
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (Exception ended) {
                // The connection or listener ended.
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    static long openDescriptors() throws IOException {
        try (var entries = Files.list(Path.of("/proc/self/fd"))) {
            return entries.count();
        }
    }

    /** Sends text and returns what comes back (echo servers return exactly what they read). */
    static final class Echo extends ChannelInboundHandlerAdapter {
        private volatile CompletableFuture<String> pending = new CompletableFuture<>();
        private final StringBuilder received = new StringBuilder();
        private int expected;

        String roundTrip(Channel channel, String text) throws Exception {
            synchronized (this) {
                received.setLength(0);
                expected = text.length();
                pending = new CompletableFuture<>();
            }
            channel.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
            return pending.get(30, TimeUnit.SECONDS);
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            ByteBuf bytes = (ByteBuf) message;
            synchronized (this) {
                received.append(bytes.toString(StandardCharsets.US_ASCII));
                if (received.length() >= expected) {
                    pending.complete(received.toString());
                }
            }
            bytes.release();
        }
    }
}
