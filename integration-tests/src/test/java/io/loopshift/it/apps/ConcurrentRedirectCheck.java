package io.loopshift.it.apps;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Many threads open redirected Sockets at once and keep them open, so descriptor numbers climb
 * and the agent's table of redirected sockets grows while others register; then every socket's
 * {@code getLocalAddress()} must answer loopback. A socket the agent lost track of answers with
 * the JDK's reading of an AF_UNIX address as IPv4 (e.g. /254.126.0.0).
 * Args: unix socket path, TCP port of the route, threads, sockets in total.
 * Prints {@code RESULT sockets=N loopback=N other=N} and exits 1 when any answer was not loopback.
 */
public final class ConcurrentRedirectCheck {
    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        int sockets = Integer.parseInt(args[3]);
        List<SocketChannel> accepted = Collections.synchronizedList(new ArrayList<>());
        Files.deleteIfExists(path);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path), sockets);
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(server.accept());
                    }
                } catch (IOException closed) {
                    // The server was closed at the end.
                }
            }, "unix-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            List<Socket> open = run(port, threads, sockets);
            List<String> notLoopback = new ArrayList<>();
            for (Socket socket : open) {
                InetAddress local = socket.getLocalAddress();
                if (!local.isLoopbackAddress()) {
                    notLoopback.add(String.valueOf(local));
                }
                socket.close();
            }
            System.out.println("RESULT sockets=" + open.size() + " loopback=" + (open.size() - notLoopback.size())
                    + " other=" + notLoopback.size() + (notLoopback.isEmpty() ? "" : " examples=" + notLoopback.subList(0, Math.min(5, notLoopback.size()))));
            server.close();
            acceptor.join(10_000);
            synchronized (accepted) {
                for (SocketChannel channel : accepted) {
                    channel.close();
                }
            }
            System.exit(notLoopback.isEmpty() && open.size() == sockets ? 0 : 1);
        }
    }

    /** Opens the sockets from all threads at once and returns them, still connected. */
    private static List<Socket> run(int port, int threads, int sockets) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Socket>>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int share = sockets / threads + (t < sockets % threads ? 1 : 0);
            parts.add(pool.submit(() -> {
                List<Socket> mine = new ArrayList<>();
                start.await();
                for (int i = 0; i < share; i++) {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                    mine.add(socket);
                }
                return mine;
            }));
        }
        start.countDown();
        pool.shutdown();
        if (!pool.awaitTermination(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("connects did not finish in 120 s");
        }
        List<Socket> all = new ArrayList<>();
        for (Future<List<Socket>> part : parts) {
            all.addAll(part.get());
        }
        return all;
    }
}
