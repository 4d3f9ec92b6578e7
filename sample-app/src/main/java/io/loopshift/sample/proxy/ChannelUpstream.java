package io.loopshift.sample.proxy;

import io.loopshift.sample.http.HttpBytes;
import io.loopshift.sample.http.HttpRequest;
import io.loopshift.sample.http.HttpResponse;
import io.loopshift.sample.http.ResponseAssembler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code channel}: non-blocking {@link SocketChannel}s driven by one {@link Selector} thread, the
 * way event-loop servers (Netty, Jetty, Tomcat NIO) talk to their upstreams. Each request gets its
 * own channel: connect, write, read until the response is whole, close. Callers wait on a future.
 */
final class ChannelUpstream implements UpstreamClient {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelUpstream.class);

    private final InetSocketAddress upstream;
    private final int timeoutMillis;
    private final Selector selector;
    private final Queue<Exchange> submitted = new ConcurrentLinkedQueue<>();
    private final Thread loop;
    private volatile boolean running = true;

    ChannelUpstream(InetSocketAddress upstream, int timeoutMillis) throws IOException {
        this.upstream = upstream;
        this.timeoutMillis = timeoutMillis;
        this.selector = Selector.open();
        this.loop = new Thread(this::runLoop, "upstream-selector");
        loop.setDaemon(true);
        loop.start();
    }

    @Override
    public HttpResponse exchange(HttpRequest request) throws Exception {
        Exchange exchange = new Exchange(ByteBuffer.wrap(HttpBytes.of(request)), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        submitted.add(exchange);
        selector.wakeup();
        try {
            return exchange.result.get(timeoutMillis + 1000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            throw cause instanceof Exception exception ? exception : failed;
        }
    }

    private void runLoop() {
        while (running) {
            try {
                selector.select(100);
                startSubmitted();
                for (SelectionKey key : selector.selectedKeys()) {
                    progress(key);
                }
                selector.selectedKeys().clear();
                expireOverdue();
            } catch (IOException | RuntimeException loopFailure) {
                LOG.error("upstream selector loop failed", loopFailure);
            }
        }
    }

    private void startSubmitted() {
        Exchange exchange;
        while ((exchange = submitted.poll()) != null) {
            SocketChannel channel = null;
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                boolean connected = channel.connect(upstream);
                channel.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, exchange);
            } catch (IOException | RuntimeException failure) {
                closeQuietly(channel);
                exchange.result.completeExceptionally(failure);
            }
        }
    }

    private void progress(SelectionKey key) {
        Exchange exchange = (Exchange) key.attachment();
        SocketChannel channel = (SocketChannel) key.channel();
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.isConnectable()) {
                if (channel.finishConnect()) {
                    key.interestOps(SelectionKey.OP_WRITE);
                }
            } else if (key.isWritable()) {
                channel.write(exchange.request);
                if (!exchange.request.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
            } else if (key.isReadable()) {
                exchange.buffer.clear();
                if (channel.read(exchange.buffer) < 0) {
                    throw new EOFException("upstream closed before a whole response");
                }
                exchange.buffer.flip();
                if (exchange.response.add(exchange.buffer)) {
                    HttpResponse response = exchange.response.response();
                    close(key);
                    exchange.result.complete(response);
                }
            }
        } catch (IOException | RuntimeException failure) {
            close(key);
            exchange.result.completeExceptionally(failure);
        }
    }

    private void expireOverdue() {
        long now = System.nanoTime();
        for (SelectionKey key : selector.keys()) {
            Exchange exchange = (Exchange) key.attachment();
            if (key.isValid() && exchange != null && now - exchange.deadline > 0) {
                close(key);
                exchange.result.completeExceptionally(new SocketTimeoutException("upstream exchange timed out after " + timeoutMillis + " ms"));
            }
        }
    }

    private static void close(SelectionKey key) {
        key.cancel();
        closeQuietly(key.channel());
    }

    private static void closeQuietly(Channel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing after a failure; the failure is what gets reported.
            }
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            loop.join(1000);
            selector.close();
        } catch (IOException | InterruptedException ignored) {
            // Shutting down.
        }
    }

    /** One request in flight: its bytes still to write, the response so far, the caller's future. */
    private static final class Exchange {
        final ByteBuffer request;
        final long deadline;
        final ByteBuffer buffer = ByteBuffer.allocate(8192);
        final ResponseAssembler response = new ResponseAssembler();
        final CompletableFuture<HttpResponse> result = new CompletableFuture<>();

        Exchange(ByteBuffer request, long deadline) {
            this.request = request;
            this.deadline = deadline;
        }
    }
}
