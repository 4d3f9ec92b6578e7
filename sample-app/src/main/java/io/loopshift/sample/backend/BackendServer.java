package io.loopshift.sample.backend;

import io.loopshift.sample.cli.HostPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The backend's listeners: one TCP, and optionally one Unix domain socket (JDK 16+), each with an
 * accept thread handing connections to a pool, thread per connection. Connections are short-lived
 * (one request, then the client closes), so the pool's threads are reused rather than created.
 */
public final class BackendServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackendServer.class);
    private static final int BACKLOG = 1024;

    private final BackendStats stats;
    private final ServerSocketChannel tcp;
    private final ServerSocketChannel unix;
    private final Path unixPath;
    private final ExecutorService connections = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "backend-connection");
        thread.setDaemon(true);
        return thread;
    });

    private BackendServer(BackendStats stats, ServerSocketChannel tcp, ServerSocketChannel unix, Path unixPath) {
        this.stats = stats;
        this.tcp = tcp;
        this.unix = unix;
        this.unixPath = unixPath;
    }

    /** Binds both listeners (a stale socket file at {@code unixPath} is replaced) and starts accepting. */
    public static BackendServer start(HostPort listen, Path unixPath, BackendStats stats) throws IOException {
        ServerSocketChannel tcp = ServerSocketChannel.open();
        tcp.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        tcp.bind(listen.socketAddress(), BACKLOG);
        ServerSocketChannel unix = null;
        if (unixPath != null) {
            Files.deleteIfExists(unixPath);
            unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            unix.bind(UnixDomainSocketAddress.of(unixPath), BACKLOG);
        }
        BackendServer server = new BackendServer(stats, tcp, unix, unixPath);
        server.acceptOn(tcp, Transport.TCP);
        if (unix != null) {
            server.acceptOn(unix, Transport.UNIX);
        }
        return server;
    }

    public InetSocketAddress tcpAddress() throws IOException {
        return (InetSocketAddress) tcp.getLocalAddress();
    }

    public Path unixPath() {
        return unixPath;
    }

    private void acceptOn(ServerSocketChannel listener, Transport transport) {
        Thread acceptor = new Thread(() -> acceptLoop(listener, transport), "backend-accept-" + transport.key());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop(ServerSocketChannel listener, Transport transport) {
        while (listener.isOpen()) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException closedOrFailed) {
                if (listener.isOpen()) {
                    LOG.warn("accept on {} failed: {}", transport.key(), closedOrFailed.toString());
                    continue;
                }
                return;
            }
            String peer = "unix";
            String local = unixPath == null ? "" : unixPath.toString();
            if (transport == Transport.TCP) {
                try {
                    peer = hostOf(channel.getRemoteAddress());
                    local = hostOf(channel.getLocalAddress());
                } catch (IOException alreadyReset) {
                    peer = "reset";
                    local = "reset";
                }
            }
            stats.accepted(transport, peer, local);
            connections.execute(new BackendConnection(channel, transport, peer, local, stats));
        }
    }

    private static String hostOf(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }

    @Override
    public void close() throws IOException {
        tcp.close();
        if (unix != null) {
            unix.close();
            Files.deleteIfExists(unixPath);
        }
        connections.shutdownNow();
    }
}
