package io.loopshift.it.apps;

import io.loopshift.it.support.UnixBacklog;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Behaviours a redirected socket must keep, one scenario per run (its name is the argument), all
 * against a Unix echo server at {@code path} while the agent routes 127.0.0.1:{@code port} there.
 * Prints {@code PASS <scenario>} or throws. Arguments: {@code scenario path port}.
 */
public final class UnixBehaviourCheck {
    private static Path path;
    private static InetSocketAddress target;

    private UnixBehaviourCheck() {
    }

    public static void main(String[] args) throws Exception {
        String scenario = args[0];
        path = Path.of(args[1]);
        target = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), Integer.parseInt(args[2]));
        switch (scenario) {
            case "streams": withServer(UnixBehaviourCheck::streams); break;
            case "scatter-gather": withServer(UnixBehaviourCheck::scatterGather); break;
            case "read-timeout": withServer(UnixBehaviourCheck::readTimeout); break;
            case "half-close": withServer(UnixBehaviourCheck::halfClose); break;
            case "shutdown-input": withServer(UnixBehaviourCheck::shutdownInput); break;
            case "async-close": withServer(UnixBehaviourCheck::closeWhileReading); break;
            case "interrupt": withServer(UnixBehaviourCheck::interruptChannelRead); break;
            case "options": withServer(UnixBehaviourCheck::options); break;
            case "options-unset": withServer(UnixBehaviourCheck::unsetOptionsReadAsOnAFreshTcpSocket); break;
            case "addresses": withServer(UnixBehaviourCheck::addresses); break;
            case "connect-timeout-backlog-full": connectTimeoutWithFullBacklog(); break;
            case "virtual-carrier-free": virtualThreadCarrierStaysFree(); break;
            case "nonblocking-backlog-full": nonBlockingWithFullBacklog(); break;
            case "fd-leak": withServer(() -> descriptorsStayFlat(Integer.parseInt(args[3]))); break;
            case "fd-reuse": withServer(UnixBehaviourCheck::reusedNumberIsNotRedirected); break;
            case "fallback-tcp": fallbackToTcp(); break;
            case "fallback-fail": fallbackFails(); break;
            default: throw new IllegalArgumentException("unknown scenario " + scenario);
        }
        System.out.println("PASS " + scenario);
    }

    interface Body {
        void run() throws Exception;
    }

    private static void withServer(Body body) throws Exception {
        try (UnixEchoServer server = new UnixEchoServer(path)) {
            body.run();
            // The acceptor thread counts a connection after the client may already be done: wait for it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.connections() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            check(server.connections() > 0, "the Unix server saw no connection");
            server.report();
        }
    }

    private static void streams() throws Exception {
        byte[] payload = new byte[256 * 1024];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        try (Socket socket = new Socket(target.getAddress(), target.getPort())) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(payload);
                    out.flush();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] echoed = new byte[payload.length];
            new DataInputStream(socket.getInputStream()).readFully(echoed);
            writer.get(10, TimeUnit.SECONDS);
            check(Arrays.equals(payload, echoed), "echoed bytes differ");
        }
    }

    private static void scatterGather() throws Exception {
        try (SocketChannel channel = SocketChannel.open(target)) {
            ByteBuffer[] out = {ByteBuffer.wrap("head-".getBytes()), ByteBuffer.wrap("body-".getBytes()), ByteBuffer.wrap("tail".getBytes())};
            long written = channel.write(out);
            check(written == 14, "gathering write wrote " + written);
            ByteBuffer[] in = {ByteBuffer.allocate(5), ByteBuffer.allocate(5), ByteBuffer.allocate(4)};
            long read = 0;
            while (read < 14) {
                long n = channel.read(in);
                check(n > 0, "scattering read ended early");
                read += n;
            }
            check(new String(in[0].array()).equals("head-") && new String(in[2].array()).equals("tail"), "scattered bytes differ");
        }
    }

    private static void readTimeout() throws Exception {
        try (Socket socket = new Socket(target.getAddress(), target.getPort())) {
            socket.setSoTimeout(300);
            long start = System.nanoTime();
            try {
                socket.getInputStream().read();
                throw new AssertionError("read returned though nothing was sent");
            } catch (SocketTimeoutException expected) {
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                check(millis >= 250 && millis < 5000, "read timed out after " + millis + " ms, wanted ~300");
            }
            socket.getOutputStream().write('z');
            check(socket.getInputStream().read() == 'z', "socket unusable after a read timeout");
        }
    }

    private static void halfClose() throws Exception {
        try (Socket socket = new Socket(target.getAddress(), target.getPort())) {
            socket.getOutputStream().write("bye".getBytes());
            socket.shutdownOutput();
            check(socket.isOutputShutdown(), "output not shut down");
            byte[] reply = socket.getInputStream().readAllBytes();
            check(new String(reply).equals("bye"), "after half-close read '" + new String(reply) + "'");
        }
    }

    private static void shutdownInput() throws Exception {
        try (SocketChannel channel = SocketChannel.open(target)) {
            channel.shutdownInput();
            check(channel.read(ByteBuffer.allocate(1)) == -1, "read after shutdownInput did not return -1");
            channel.write(ByteBuffer.wrap("x".getBytes()));
        }
    }

    private static void closeWhileReading() throws Exception {
        Socket socket = new Socket(target.getAddress(), target.getPort());
        CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
            try {
                socket.getInputStream().read();
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        Thread.sleep(200);
        long start = System.nanoTime();
        socket.close();
        Throwable failure = reader.get(5, TimeUnit.SECONDS);
        check(failure instanceof SocketException, "blocked read ended with " + failure);
        check(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 2000, "close took too long to end the read");
    }

    private static void interruptChannelRead() throws Exception {
        SocketChannel channel = SocketChannel.open(target);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                channel.read(ByteBuffer.allocate(1));
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        reader.start();
        Thread.sleep(200);
        reader.interrupt();
        Throwable failure = outcome.get(5, TimeUnit.SECONDS);
        check(failure instanceof ClosedByInterruptException, "interrupted read ended with " + failure);
        check(!channel.isOpen(), "channel still open after interrupt");
    }

    private static void options() throws Exception {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.setTrafficClass(0x20);
            socket.connect(target);
            check(socket.getTcpNoDelay(), "TCP_NODELAY set before connect was lost");
            check(socket.getTrafficClass() == 0x20, "IP_TOS set before connect was lost: " + socket.getTrafficClass());
            socket.setTcpNoDelay(false);
            check(!socket.getTcpNoDelay(), "TCP_NODELAY not remembered");
            socket.setKeepAlive(true);
            check(socket.getKeepAlive(), "SO_KEEPALIVE");
            socket.setTrafficClass(0x10);
            check(socket.getTrafficClass() == 0x10, "IP_TOS not remembered");
            socket.setSoLinger(true, 5);
            check(socket.getSoLinger() == 5, "SO_LINGER");
            socket.setSendBufferSize(65536);
            check(socket.getSendBufferSize() >= 65536, "SO_SNDBUF not applied");
            socket.setReceiveBufferSize(32768);
            check(socket.getReceiveBufferSize() >= 32768, "SO_RCVBUF not applied");
            socket.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, 30);
            check(socket.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE) == 30, "TCP_KEEPIDLE not remembered");
            try {
                socket.setTrafficClass(300);
                throw new AssertionError("IP_TOS 300 accepted");
            } catch (IllegalArgumentException expected) {
                // as for TCP
            }
            socket.getOutputStream().write('o');
            check(socket.getInputStream().read() == 'o', "echo after options");
        }
        try (SocketChannel channel = SocketChannel.open()) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            channel.connect(target);
            check(channel.getOption(StandardSocketOptions.TCP_NODELAY), "channel TCP_NODELAY set before connect was lost");
            check(channel.getOption(StandardSocketOptions.SO_REUSEPORT), "channel SO_REUSEPORT set before connect was lost");
            channel.setOption(StandardSocketOptions.TCP_NODELAY, false);
            check(!channel.getOption(StandardSocketOptions.TCP_NODELAY), "channel TCP_NODELAY not remembered");
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 50000);
            check(channel.getOption(StandardSocketOptions.SO_RCVBUF) >= 50000, "channel SO_RCVBUF");
        }
    }

    /** The TCP-only options a redirected socket answers for, as read from a TCP socket. */
    private static final List<java.net.SocketOption<?>> TCP_ONLY = List.of(StandardSocketOptions.TCP_NODELAY, StandardSocketOptions.IP_TOS,
            StandardSocketOptions.SO_REUSEPORT, jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL,
            jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT, jdk.net.ExtendedSocketOptions.TCP_QUICKACK);

    /**
     * The agent reads a TCP socket's options before replacing it only where the application set
     * one, and answers a fresh socket's values elsewhere: both must read as on a real TCP socket,
     * before and after the fresh values are known, for Socket and channel, also when the number
     * was used by a socket that set options and closed without connecting.
     */
    private static void unsetOptionsReadAsOnAFreshTcpSocket() throws Exception {
        List<Object> fresh = new ArrayList<>();
        try (SocketChannel plain = SocketChannel.open()) {
            for (java.net.SocketOption<?> option : TCP_ONLY) {
                fresh.add(plain.getOption(option));
            }
        }
        for (int round = 0; round < 3; round++) {
            try (Socket socket = new Socket()) {
                socket.connect(target);
                for (int i = 0; i < TCP_ONLY.size(); i++) {
                    check(fresh.get(i).equals(socket.getOption(TCP_ONLY.get(i))), "Socket round " + round + ": " + TCP_ONLY.get(i)
                            + " reads " + socket.getOption(TCP_ONLY.get(i)) + ", a fresh TCP socket " + fresh.get(i));
                }
            }
            try (SocketChannel channel = SocketChannel.open(target)) {
                for (int i = 0; i < TCP_ONLY.size(); i++) {
                    check(fresh.get(i).equals(channel.getOption(TCP_ONLY.get(i))), "channel round " + round + ": " + TCP_ONLY.get(i)
                            + " reads " + channel.getOption(TCP_ONLY.get(i)) + ", a fresh TCP socket " + fresh.get(i));
                }
            }
            // Options set on a socket that never connects, then the (likely same) number redirected unset.
            try (Socket unused = new Socket()) {
                unused.setTcpNoDelay(true);
                unused.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, 31);
            }
            try (Socket socket = new Socket()) {
                socket.connect(target);
                check(!socket.getTcpNoDelay(), "TCP_NODELAY of a closed socket's number carried over");
                check(fresh.get(3).equals(socket.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE)), "TCP_KEEPIDLE of a closed socket carried over");
            }
            // And set before connect once fresh values are known: read from the TCP socket.
            try (Socket socket = new Socket()) {
                socket.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, 40 + round);
                socket.setTrafficClass(0x08);
                socket.connect(target);
                check(socket.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE) == 40 + round, "TCP_KEEPIDLE set before connect was lost");
                check(socket.getTrafficClass() == 0x08, "IP_TOS set before connect was lost");
                check(!socket.getTcpNoDelay(), "TCP_NODELAY not set reads true");
            }
            try (SocketChannel channel = SocketChannel.open()) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.connect(target);
                check(channel.getOption(StandardSocketOptions.TCP_NODELAY), "channel TCP_NODELAY set before connect was lost");
                check(fresh.get(3).equals(channel.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE)), "channel TCP_KEEPIDLE not set");
            }
        }
    }

    private static void addresses() throws Exception {
        try (Socket socket = new Socket(target.getAddress(), target.getPort())) {
            check(socket.getInetAddress().equals(target.getAddress()), "getInetAddress " + socket.getInetAddress());
            check(socket.getPort() == target.getPort(), "getPort " + socket.getPort());
            check(socket.getRemoteSocketAddress().equals(target), "getRemoteSocketAddress " + socket.getRemoteSocketAddress());
            check(socket.getLocalAddress().getHostAddress().equals("127.0.0.1"), "getLocalAddress " + socket.getLocalAddress());
            check(socket.getLocalPort() == 0, "getLocalPort " + socket.getLocalPort());
            check(socket.getLocalSocketAddress() != null, "getLocalSocketAddress null");
            check(socket.isConnected() && socket.isBound(), "connected/bound");
        }
        try (SocketChannel channel = SocketChannel.open(target)) {
            check(channel.getRemoteAddress().equals(target), "channel remote " + channel.getRemoteAddress());
            check(((InetSocketAddress) channel.getLocalAddress()).getAddress().getHostAddress().equals("127.0.0.1"), "channel local " + channel.getLocalAddress());
            check(channel.socket().getLocalPort() == 0, "adaptor local port");
        }
    }

    /** A server that never accepts, its backlog filled, so a Unix connect gets EAGAIN. */
    private static List<SocketChannel> fillBacklog(UnixEchoServer server) throws IOException {
        return UnixBacklog.fill(path);
    }

    private static void connectTimeoutWithFullBacklog() throws Exception {
        try (UnixEchoServer server = new UnixEchoServer(path, 1, false)) {
            List<SocketChannel> fillers = fillBacklog(server);
            try (Socket socket = new Socket()) {
                long start = System.nanoTime();
                try {
                    socket.connect(target, 400);
                    throw new AssertionError("connected to a full backlog");
                } catch (SocketTimeoutException expected) {
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    // The upper bound only tells the application's timeout from the 127 s of an untimed wait; it allows a loaded machine.
                    check(millis >= 350 && millis < 15_000, "timed out after " + millis + " ms, wanted ~400");
                }
            } finally {
                for (SocketChannel filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    /** With one carrier, a virtual thread waiting on a full backlog must not stop another from running. */
    private static void virtualThreadCarrierStaysFree() throws Exception {
        try (UnixEchoServer server = new UnixEchoServer(path, 1, false)) {
            List<SocketChannel> fillers = fillBacklog(server);
            AtomicLong ticks = new AtomicLong();
            CompletableFuture<Throwable> connect = new CompletableFuture<>();
            Body connector = () -> {
                try (Socket socket = new Socket()) {
                    socket.connect(target, 1500);
                    connect.complete(null);
                } catch (Throwable e) {
                    connect.complete(e);
                }
            };
            Body ticker = () -> {
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1000);
                while (System.nanoTime() < end) {
                    ticks.incrementAndGet();
                    Thread.sleep(10);
                }
            };
            Thread first = startVirtual(connector);
            Thread.sleep(100);
            Thread second = startVirtual(ticker);
            second.join(5000);
            Throwable outcome = connect.get(10, TimeUnit.SECONDS);
            first.join(5000);
            check(outcome instanceof SocketTimeoutException, "virtual-thread connect ended with " + outcome);
            // Free, the other thread ticks about a hundred times; a blocked carrier lets it tick once or not at all.
            check(ticks.get() > 10, "the other virtual thread ran only " + ticks.get() + " times: the carrier was blocked");
            for (SocketChannel filler : fillers) {
                filler.close();
            }
        }
    }

    private static Thread startVirtual(Body body) throws Exception {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Runnable task = () -> {
            try {
                body.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        return (Thread) Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class).invoke(builder, task);
    }

    /** A non-blocking connect must not wait long: with fallback=fail it fails fast with a ConnectException. */
    private static void nonBlockingWithFullBacklog() throws Exception {
        try (UnixEchoServer server = new UnixEchoServer(path, 1, false)) {
            List<SocketChannel> fillers = fillBacklog(server);
            try (SocketChannel channel = SocketChannel.open()) {
                channel.configureBlocking(false);
                long start = System.nanoTime();
                try {
                    channel.connect(target);
                    throw new AssertionError("connected to a full backlog");
                } catch (ConnectException expected) {
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    // Tells the agent's short wait from waiting out the backlog; it allows a loaded machine.
                    check(millis < 10_000, "non-blocking connect took " + millis + " ms");
                    check(expected.getMessage().contains(path.toString()), "message lacks the path: " + expected.getMessage());
                }
            } finally {
                for (SocketChannel filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    private static void descriptorsStayFlat(int cycles) throws Exception {
        ClientApi[] apis = {ClientApi.SOCKET, ClientApi.CHANNEL, ClientApi.CHANNEL_NONBLOCKING, ClientApi.ASYNC_FUTURE};
        // Warm-up: the async channel group and other lazily created JDK descriptors exist before counting.
        for (int i = 0; i < 100; i++) {
            apis[i % apis.length].exchange(target);
        }
        System.gc();
        Thread.sleep(300);
        long before = openDescriptors();
        for (int i = 0; i < cycles; i++) {
            apis[i % apis.length].exchange(target);
        }
        System.gc();
        Thread.sleep(300);
        long after = openDescriptors();
        System.out.println("DESCRIPTORS before=" + before + " after=" + after + " cycles=" + cycles);
        check(after <= before, "descriptors grew from " + before + " to " + after + " over " + cycles + " cycles");
    }

    private static long openDescriptors() throws IOException {
        try (var entries = Files.list(Path.of("/proc/self/fd"))) {
            return entries.count();
        }
    }

    /**
     * Closes a redirected socket, then opens plain TCP sockets (a client and the server's accepted
     * end) until one gets the same number: it must be plain. Other threads may take a freed number first, so the whole step is retried.
     */
    private static void reusedNumberIsNotRedirected() throws Exception {
        try (ServerSocket plainServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            for (int round = 0; round < 20; round++) {
                Socket redirected = new Socket(target.getAddress(), target.getPort());
                int number = DescriptorNumbers.of(redirected);
                check(redirected.getLocalPort() == 0, "redirected socket did not answer port 0");
                redirected.close();
                List<Socket> held = new ArrayList<>();
                try {
                    for (int attempt = 0; attempt < 5; attempt++) {
                        Socket candidate = new Socket(plainServer.getInetAddress(), plainServer.getLocalPort());
                        Socket accepted = plainServer.accept();
                        held.add(candidate);
                        held.add(accepted);
                        if (DescriptorNumbers.of(candidate) == number) {
                            check(candidate.getLocalPort() == accepted.getPort(), "plain socket on reused number " + number
                                    + " answers local port " + candidate.getLocalPort() + ", not the real " + accepted.getPort());
                            candidate.setTcpNoDelay(true);
                            check(candidate.getTcpNoDelay(), "TCP_NODELAY on the plain socket");
                            System.out.println("REUSED number=" + number + " round=" + round + " by=client");
                            return;
                        }
                        // The agent hands the client the TCP socket the redirect replaced (another number): the accepted socket may get this one.
                        if (DescriptorNumbers.of(accepted) == number) {
                            check(accepted.getLocalPort() == plainServer.getLocalPort() && accepted.getPort() == candidate.getLocalPort(),
                                    "accepted socket on reused number " + number + " answers " + accepted.getLocalSocketAddress() + " <- "
                                    + accepted.getRemoteSocketAddress() + ", not its real addresses");
                            accepted.setTcpNoDelay(true);
                            check(accepted.getTcpNoDelay(), "TCP_NODELAY on the accepted socket");
                            System.out.println("REUSED number=" + number + " round=" + round + " by=accepted");
                            return;
                        }
                    }
                } finally {
                    for (Socket socket : held) {
                        socket.close();
                    }
                }
            }
            throw new AssertionError("the OS never gave a closed redirected socket's number to a new socket in 20 rounds");
        }
    }

    /** No Unix socket: with fallback=tcp the connect goes to the TCP server on the original port. */
    private static void fallbackToTcp() throws Exception {
        Files.deleteIfExists(path);
        try (EchoServer tcp = new EchoServer("127.0.0.1", target.getPort())) {
            for (int i = 0; i < 3; i++) {
                ClientApi.SOCKET.exchange(target);
            }
            tcp.report();
        }
    }

    private static void fallbackFails() throws Exception {
        Files.deleteIfExists(path);
        try (Socket socket = new Socket()) {
            socket.connect(target);
            throw new AssertionError("connected without a Unix socket");
        } catch (ConnectException expected) {
            System.out.println("MESSAGE " + expected.getMessage());
            check(expected.getMessage().contains(path.toString()), "message lacks the path: " + expected.getMessage());
            check(expected.getMessage().contains("route #1"), "message lacks the route: " + expected.getMessage());
        }
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new AssertionError(failure);
        }
    }
}
