package io.loopshift.it.apps;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP echo server for checker programs: echoes what it reads, closes after the client does
 * (so TIME_WAIT lands on the client, as with a proxy closing its upstream connection), and records
 * every peer address and every local address it was reached on.
 */
public final class EchoServer implements AutoCloseable {
    private final ServerSocket server;
    private final ExecutorService handlers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "echo-handler");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<String> peers = ConcurrentHashMap.newKeySet();
    private final Set<String> locals = ConcurrentHashMap.newKeySet();
    /** Peers since the last {@link #peersFromNowOn()}, for a client that connects one at a time. */
    private volatile Set<String> recentPeers = ConcurrentHashMap.newKeySet();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    public EchoServer(String bindAddress, int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 1024);
        Thread acceptor = new Thread(this::acceptLoop, "echo-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                peers.add(socket.getInetAddress().getHostAddress());
                recentPeers.add(socket.getInetAddress().getHostAddress());
                locals.add(socket.getLocalAddress().getHostAddress());
                try {
                    handlers.execute(() -> echo(socket));
                } catch (java.util.concurrent.RejectedExecutionException closing) {
                    socket.close();
                    return;
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void echo(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                bytes.addAndGet(n);
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // The client went away; nothing to echo.
        }
    }

    /**
     * Starts a fresh set of peers and returns it; it fills as connections are accepted. Exact for
     * a client that waits for each exchange before the next, as every connection it made before
     * this call was accepted already.
     */
    public Set<String> peersFromNowOn() {
        Set<String> fresh = ConcurrentHashMap.newKeySet();
        recentPeers = fresh;
        return fresh;
    }

    /** Prints {@code SERVER connections=.. peers=.. locals=.. peer_list=..}. */
    /** Waits up to 10 s until at least {@code expected} connections were accepted: the acceptor may lag behind a fast client. */
    public void awaitConnections(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (connections.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    public void report() {
        System.out.println("SERVER connections=" + connections.get() + " peers=" + peers.size() + " locals=" + locals.size()
                + " bytes=" + bytes.get() + " peer_sample=" + sample(peers) + " local_sample=" + sample(locals));
    }

    /** Prints {@code PEERS} with the number of peers in each /24 network, e.g. {@code 127.0.0=1,127.0.1=54}. */
    public void reportPeers() {
        java.util.Map<String, Integer> byNetwork = new java.util.TreeMap<>();
        for (String peer : peers) {
            byNetwork.merge(peer.substring(0, peer.lastIndexOf('.')), 1, Integer::sum);
        }
        System.out.println("PEERS " + byNetwork.toString().replace(" ", "").replace("{", "").replace("}", ""));
        report();
    }

    private static String sample(Set<String> values) {
        return String.join(",", values.stream().sorted().limit(5).toList());
    }

    @Override
    public void close() throws IOException {
        server.close();
        handlers.shutdownNow();
    }
}
