package io.loopshift.it.apps;

import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code unix:} redirects while the process is out of descriptors but for the two a connect
 * needs (the TCP socket and the Unix socket): the dup that would keep the replaced TCP socket for
 * reuse fails with EMFILE, and the redirect must go on. Run it under a low descriptor limit;
 * every descriptor left is taken by opening /dev/null, then two are given back. A single thread
 * does everything, and the Unix server accepts only after the client's connect returned, so no
 * other descriptor is made in between. Arguments: {@code unix-path routed-port connects}. Prints
 * {@code DUP_FAILURES connects= echoed= fillers=} and the pool's JMX counters.
 */
public final class DupFailureCheck {
    private DupFailureCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), Integer.parseInt(args[1]));
        int connects = Integer.parseInt(args[2]);
        Files.deleteIfExists(path);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path), 8);
            // Loads every class the connects below use; this replaced socket is kept (the dup works here).
            exchange(server, target);
            TotalCounters counters = TotalCounters.await();
            System.out.println("POOL_BEFORE " + counters.pool());
            // Takes the kept socket, so the connects below each need a new one.
            try (SocketChannel holder = SocketChannel.open()) {
                check(counters.get("TcpSocketPoolSize") == 0, "the pool still keeps a socket");
                List<FileInputStream> fillers = new ArrayList<>();
                int echoed = 0;
                try {
                    fillUp(fillers);
                    fillers.remove(fillers.size() - 1).close();
                    fillers.remove(fillers.size() - 1).close();
                    for (int i = 0; i < connects; i++) {
                        if (exchange(server, target)) {
                            echoed++;
                        }
                    }
                } finally {
                    for (FileInputStream filler : fillers) {
                        filler.close();
                    }
                }
                System.out.println("DUP_FAILURES connects=" + connects + " echoed=" + echoed + " fillers=" + fillers.size());
                System.out.println("POOL_AFTER " + counters.pool());
                check(echoed == connects, "a redirected connect failed for want of descriptors");
            }
        } finally {
            Files.deleteIfExists(path);
        }
    }

    private static void fillUp(List<FileInputStream> fillers) throws IOException {
        while (true) {
            try {
                fillers.add(new FileInputStream("/dev/null"));
            } catch (IOException full) {
                check(String.valueOf(full.getMessage()).contains("Too many open files"), "could not fill the descriptor table: " + full);
                return;
            }
        }
    }

    /** One redirected connect, accepted on the Unix socket after it returned, and one byte echoed. */
    private static boolean exchange(ServerSocketChannel server, InetSocketAddress target) throws IOException {
        try (SocketChannel client = SocketChannel.open()) {
            client.connect(target);
            try (SocketChannel accepted = server.accept()) {
                client.write(ByteBuffer.wrap(new byte[] {'p'}));
                ByteBuffer received = ByteBuffer.allocate(1);
                accepted.read(received);
                received.flip();
                accepted.write(received);
                ByteBuffer echo = ByteBuffer.allocate(1);
                client.read(echo);
                return echo.get(0) == 'p';
            }
        }
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new AssertionError(failure);
        }
    }
}
