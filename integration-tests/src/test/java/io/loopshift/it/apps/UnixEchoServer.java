package io.loopshift.it.apps;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An echo server on a Unix domain socket only: proof that a redirected client really arrived
 * over the Unix socket. Optionally slow (waits before echoing) or not accepting at all (so its
 * backlog fills).
 */
public final class UnixEchoServer implements AutoCloseable {
    private final Path path;
    private final ServerSocketChannel server;
    private final ExecutorService handlers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "unix-echo");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    public UnixEchoServer(Path path, int backlog, boolean accepting) throws IOException {
        this.path = path;
        Files.deleteIfExists(path);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path), backlog);
        if (accepting) {
            Thread acceptor = new Thread(this::acceptLoop, "unix-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
        }
    }

    public UnixEchoServer(Path path) throws IOException {
        this(path, 1024, true);
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                connections.incrementAndGet();
                try {
                    handlers.execute(() -> echo(channel));
                } catch (java.util.concurrent.RejectedExecutionException closing) {
                    channel.close();
                    return;
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void echo(SocketChannel channel) {
        try (channel) {
            ByteBuffer buffer = ByteBuffer.allocate(65536);
            while (channel.read(buffer) > 0) {
                buffer.flip();
                bytes.addAndGet(buffer.remaining());
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException ignored) {
            // The client went away.
        }
    }

    public long connections() {
        return connections.get();
    }

    /** Waits up to 10 s until at least {@code expected} connections were accepted: the acceptor may lag behind a fast client. */
    public void awaitConnections(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (connections.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    public void report() {
        System.out.println("UNIX connections=" + connections.get() + " bytes=" + bytes.get());
    }

    @Override
    public void close() throws IOException {
        server.close();
        handlers.shutdownNow();
        Files.deleteIfExists(path);
    }
}
