package io.loopshift.it.epoll;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An echo server in this JVM, one thread per connection, recording who connected. */
final class EpollEchoServer {
    private final AutoCloseable listener;
    private final String transport;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Set<String> peers = ConcurrentHashMap.newKeySet();
    private final Set<String> locals = ConcurrentHashMap.newKeySet();
    private final List<AutoCloseable> open = new java.util.concurrent.CopyOnWriteArrayList<>();

    private EpollEchoServer(AutoCloseable listener, String transport) {
        this.listener = listener;
        this.transport = transport;
    }

    static EpollEchoServer tcp(String bindAddress, int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(bindAddress, port), 1024);
        EpollEchoServer server = new EpollEchoServer(socket, "tcp");
        server.daemon(() -> {
            while (!socket.isClosed()) {
                Socket accepted = socket.accept();
                server.peers.add(accepted.getInetAddress().getHostAddress());
                server.locals.add(accepted.getLocalAddress().getHostAddress());
                server.accepted.incrementAndGet();
                server.open.add(accepted);
                server.daemon(() -> server.echo(accepted.getInputStream(), accepted.getOutputStream()));
            }
        });
        return server;
    }

    static EpollEchoServer unix(Path path) throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(path), 1024);
        EpollEchoServer server = new EpollEchoServer(channel, "unix");
        server.daemon(() -> {
            while (channel.isOpen()) {
                SocketChannel accepted = channel.accept();
                server.accepted.incrementAndGet();
                server.open.add(accepted);
                server.daemon(() -> {
                    ByteBuffer buffer = ByteBuffer.allocate(256);
                    while (accepted.read(buffer.clear()) > 0) {
                        accepted.write(buffer.flip());
                    }
                });
            }
        });
        return server;
    }

    private void echo(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[256];
        int read;
        while ((read = in.read(buffer)) > 0) {
            out.write(buffer, 0, read);
            out.flush();
        }
    }

    interface Work {
        void run() throws Exception;
    }

    private void daemon(Work work) {
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (Exception closed) {
                // The listener or the connection was closed at the end of the run.
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    int accepted() {
        return accepted.get();
    }

    void report() {
        System.out.println("SERVER accepted=" + accepted.get() + " peers=" + peers.size() + " locals=" + locals.size() + " transport=" + transport);
    }

    void close() throws Exception {
        listener.close();
        for (AutoCloseable connection : open) {
            connection.close();
        }
    }
}
