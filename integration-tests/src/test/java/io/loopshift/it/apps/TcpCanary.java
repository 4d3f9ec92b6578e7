package io.loopshift.it.apps;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/** A TCP listener that only counts who reaches it: a redirected client must never arrive here. */
public final class TcpCanary implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicLong connections = new AtomicLong();

    public TcpCanary(int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket ignored = server.accept()) {
                    connections.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "tcp-canary");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public void report() {
        System.out.println("TCP connections=" + connections.get());
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
