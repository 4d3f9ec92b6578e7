package io.loopshift.bench.apps;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server every client variant talks to, in the client's own JVM (the agent rewrites connects
 * only, never accept): a TCP listener on 0.0.0.0 (so {@code dest:} rotation reaches it on every
 * 127.x address) and a Unix listener, each served by blocking acceptor threads that handle one
 * connection at a time. It samples the peer and local addresses it sees, so the driver can check
 * that each variant really took the path it names.
 */
final class BenchServer implements AutoCloseable {
    private static final int BACKLOG = 4096;
    private static final int SAMPLE_EVERY = 16;

    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Path unixPath;
    private final LongAdder tcpAccepts = new LongAdder();
    private final LongAdder unixAccepts = new LongAdder();
    private final Set<String> peers = ConcurrentHashMap.newKeySet();
    private final Set<String> locals = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    BenchServer(int tcpPort, Path unixPath, int acceptorsPerListener) throws IOException {
        this.unixPath = unixPath;
        ServerSocketChannel tcp = ServerSocketChannel.open(StandardProtocolFamily.INET);
        tcp.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        tcp.bind(new InetSocketAddress("0.0.0.0", tcpPort), BACKLOG);
        listeners.add(tcp);
        start(tcp, true, acceptorsPerListener);
        if (unixPath != null) {
            Files.deleteIfExists(unixPath);
            ServerSocketChannel unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            unix.bind(UnixDomainSocketAddress.of(unixPath), BACKLOG);
            listeners.add(unix);
            start(unix, false, acceptorsPerListener);
        }
    }

    private void start(ServerSocketChannel listener, boolean tcp, int acceptors) {
        for (int i = 0; i < acceptors; i++) {
            Thread thread = new Thread(() -> acceptLoop(listener, tcp), (tcp ? "tcp" : "unix") + "-acceptor-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    private void acceptLoop(ServerSocketChannel listener, boolean tcp) {
        ByteBuffer in = ByteBuffer.allocateDirect(Wire.HELLO);
        ByteBuffer response = filled(Wire.RESPONSE);
        ByteBuffer chunk = filled(Wire.CHUNK);
        ByteBuffer drain = ByteBuffer.allocateDirect(Wire.CHUNK);
        long accepted = 0;
        while (!closed) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (ClosedChannelException stop) {
                return;
            } catch (IOException failure) {
                if (closed) {
                    return;
                }
                continue;
            }
            try (channel) {
                if (tcp) {
                    tcpAccepts.increment();
                    if (accepted++ % SAMPLE_EVERY == 0) {
                        peers.add(((InetSocketAddress) channel.getRemoteAddress()).getAddress().getHostAddress());
                        locals.add(((InetSocketAddress) channel.getLocalAddress()).getAddress().getHostAddress());
                    }
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                } else {
                    unixAccepts.increment();
                }
                serve(channel, in, response, chunk, drain);
            } catch (IOException peerWentAway) {
                // A client that stopped mid-exchange (end of a cell): nothing to count here.
            }
        }
    }

    private static void serve(SocketChannel channel, ByteBuffer in, ByteBuffer response, ByteBuffer chunk, ByteBuffer drain) throws IOException {
        // One read normally brings the whole first message; its first byte says how long it is.
        in.clear();
        if (channel.read(in) < 0) {
            return;
        }
        byte mode = in.get(0);
        if (mode == Wire.TINY_CHURN || mode == Wire.TINY_CHURN_SERVER_CLOSES) {
            if (!fillTo(channel, in, Wire.TINY)) {
                return;
            }
            in.flip();
            writeFully(channel, in);
            if (mode == Wire.TINY_CHURN) {
                awaitEndOfStream(channel, drain);
            }
            // Otherwise the server closes first (the caller's try-with-resources): the TIME_WAIT is on the server's side.
            return;
        }
        if (!fillTo(channel, in, Wire.HELLO)) {
            return;
        }
        if (mode == Wire.CHURN) {
            writeFully(channel, response);
            awaitEndOfStream(channel, drain);
        } else if (mode == Wire.ECHO) {
            do {
                in.flip();
                writeFully(channel, in);
            } while (readFully(channel, in));
        } else if (mode == Wire.BULK) {
            while (true) {
                writeFully(channel, chunk);
            }
        }
    }

    /** The client closes first (its side keeps the TIME_WAIT, as with a real client): wait for its EOF. */
    private static void awaitEndOfStream(SocketChannel channel, ByteBuffer drain) throws IOException {
        drain.clear();
        while (channel.read(drain) >= 0) {
            drain.clear();
        }
    }

    /** Reads on until {@code buffer} holds {@code length} bytes from its start; false at end of stream. */
    private static boolean fillTo(SocketChannel channel, ByteBuffer buffer, int length) throws IOException {
        buffer.limit(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Fills {@code buffer} from its start to its capacity; false at end of stream. */
    static boolean readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        buffer.clear();
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                return false;
            }
        }
        return true;
    }

    static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        buffer.rewind();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static ByteBuffer filled(int size) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            buffer.put((byte) ('A' + i % 26));
        }
        return buffer.flip();
    }

    /** One line for the driver's sanity check: where connections arrived and from which addresses. */
    String report() {
        return "SERVER tcp_accepts=" + tcpAccepts.sum() + " unix_accepts=" + unixAccepts.sum()
                + " peers=" + peers.size() + " locals=" + locals.size();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        for (ServerSocketChannel listener : listeners) {
            listener.close();
        }
        if (unixPath != null) {
            Files.deleteIfExists(unixPath);
        }
    }
}
