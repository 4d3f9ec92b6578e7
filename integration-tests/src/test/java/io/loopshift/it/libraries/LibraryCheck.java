package io.loopshift.it.libraries;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * The two scenarios every library checker runs, against a real server of its protocol:
 * <ul>
 *   <li>{@code unix count path port}: the server listens on the Unix socket {@code path} only;
 *       {@code count} times, the library opens a NEW connection to 127.0.0.1:{@code port} (where
 *       nothing listens), makes one exchange and closes it;</li>
 *   <li>{@code held count bind port}: the server listens on {@code bind}:{@code port} (TCP); the
 *       library opens {@code count} connections to 127.0.0.1:{@code port}, one exchange each, and
 *       holds them all open until the last, as a pool under load does.</li>
 * </ul>
 * Prints TRANSPORT (which Netty transport the library really used), RESULT and SERVER lines.
 * Every loop is bounded by its count and by {@link #MAX_SECONDS}.
 */
abstract class LibraryCheck {
    private static final long MAX_SECONDS = 90;

    /** A server of the library's protocol that records what reached it. */
    interface Server extends AutoCloseable {
        /** What the server saw, complete once the client's connections are accounted for. */
        Addresses addresses() throws Exception;
    }

    abstract Server unixServer(Path path) throws Exception;

    abstract Server tcpServer(String bind, int port) throws Exception;

    /** Opens a new connection to 127.0.0.1:port, makes one exchange, closes it. */
    abstract void exchangeOnNewConnection(int port) throws Exception;

    /** Opens a new connection to 127.0.0.1:port, makes one exchange, and returns it still open. */
    abstract AutoCloseable holdConnection(int port) throws Exception;

    /** {@code epoll_available=.. channel=..}: the transport the library's connections used (call after they ran). */
    abstract String transport();

    /** Frees what the library keeps between connections (event loops, shared clients). */
    abstract void shutdown() throws Exception;

    final void run(String[] args) throws Exception {
        String scenario = args[0];
        int count = Integer.parseInt(args[1]);
        int port = Integer.parseInt(args[3]);
        Outcomes outcomes = new Outcomes();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_SECONDS);
        try {
            if (scenario.equals("unix")) {
                try (Server server = unixServer(Path.of(args[2]))) {
                    for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
                        try {
                            exchangeOnNewConnection(port);
                            outcomes.succeeded();
                        } catch (Exception failure) {
                            outcomes.failed(failure);
                        }
                    }
                    report(outcomes, server);
                }
            } else if (scenario.equals("held")) {
                try (Server server = tcpServer(args[2], port)) {
                    Deque<AutoCloseable> held = new ArrayDeque<>();
                    try {
                        for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
                            try {
                                held.push(holdConnection(port));
                                outcomes.succeeded();
                            } catch (Exception failure) {
                                outcomes.failed(failure);
                            }
                        }
                        report(outcomes, server);
                    } finally {
                        closeAll(held);
                    }
                }
            } else {
                throw new IllegalArgumentException("scenario must be unix or held, not " + scenario);
            }
        } finally {
            shutdown();
        }
    }

    private void report(Outcomes outcomes, Server server) throws Exception {
        System.out.println("TRANSPORT " + transport());
        outcomes.report();
        Addresses addresses = server.addresses();
        addresses.awaitConnections(outcomes.ok());
        addresses.report();
    }

    private static void closeAll(Deque<AutoCloseable> held) {
        while (!held.isEmpty()) {
            try {
                held.pop().close();
            } catch (Exception e) {
                System.out.println("close failed: " + e);
            }
        }
    }
}
