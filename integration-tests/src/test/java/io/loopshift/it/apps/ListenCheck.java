package io.loopshift.it.apps;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The listening side, one scenario per run, in a JVM whose agent has a listen rule for
 * 127.0.0.1:{@code port} (or {@code *:port}) to the socket {@code path}: an unmodified server
 * binds the TCP address, and clients connect straight to the Unix socket, as nginx would. Each
 * scenario checks what the server application sees and that the TCP port stays closed, and
 * prints {@code PASS <scenario>} or throws. Arguments: {@code scenario path port [count]}.
 */
public final class ListenCheck {
    private static Path path;
    private static int port;
    private static InetSocketAddress tcp;

    private ListenCheck() {
    }

    public static void main(String[] args) throws Exception {
        String scenario = args[0];
        path = Path.of(args[1]);
        port = Integer.parseInt(args[2]);
        tcp = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
        switch (scenario) {
            case "server-socket": serverSocket(false); break;
            case "server-socket-virtual": serverSocket(true); break;
            case "channel-blocking": channelBlocking(); break;
            case "channel-selector": channelSelector(); break;
            case "async": async(); break;
            case "wildcard": wildcard(); break;
            case "ephemeral": ephemeral(); break;
            case "accept-timeout": acceptTimeout(); break;
            case "close-while-accepting": closeWhileAccepting(); break;
            case "interrupt": interruptAccept(); break;
            case "options": options(); break;
            case "mode": mode(args[3]); break;
            case "stale-file": staleFile(); break;
            case "live-file": liveFile(); break;
            case "not-a-socket": notASocket(); break;
            case "same-path-twice": samePathTwice(); break;
            case "replaced-file": replacedFileIsLeftAlone(); break;
            case "hold": hold(); break;
            case "bind-fails": bindFails(); break;
            case "exit-without-close": exitWithoutClose(); break;
            case "fd-leak": descriptorsStayFlat(Integer.parseInt(args[3])); break;
            default: throw new IllegalArgumentException("unknown scenario " + scenario);
        }
        System.out.println("PASS " + scenario);
    }

    /** ServerSocket with one thread per connection: 20 clients at once, then the counters and the close. */
    private static void serverSocket(boolean virtual) throws Exception {
        int clients = 20;
        try (ServerSocket server = new ServerSocket()) {
            server.bind(tcp);
            check(server.getLocalPort() == port, "ServerSocket.getLocalPort " + server.getLocalPort());
            check(tcp.equals(server.getLocalSocketAddress()), "ServerSocket.getLocalSocketAddress " + server.getLocalSocketAddress());
            checkTcpPortClosed();
            checkSocketFile();
            List<Socket> accepted = new ArrayList<>();
            List<SocketChannel> clientsOpen = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                clientsOpen.add(unixClient());
            }
            for (int i = 0; i < clients; i++) {
                Socket socket = virtual ? acceptOnVirtualThread(server) : server.accept();
                accepted.add(socket);
            }
            Set<Integer> peerPorts = new HashSet<>();
            for (Socket socket : accepted) {
                checkAccepted(socket);
                peerPorts.add(socket.getPort());
            }
            check(peerPorts.size() == clients, "peer ports of " + clients + " live connections: " + peerPorts);
            for (int i = 0; i < clients; i++) {
                echoOnce(clientsOpen.get(i), accepted.get(i), virtual);
            }
            checkCounters(clients, clients);
            for (int i = 0; i < clients; i++) {
                accepted.get(i).close();
                clientsOpen.get(i).close();
            }
            checkCounters(clients, 0);
            System.out.println("ACCEPTED count=" + clients + " distinctPeerPorts=" + peerPorts.size());
        }
        checkSocketFileGone();
    }

    private static Socket acceptOnVirtualThread(ServerSocket server) throws Exception {
        Socket[] socket = new Socket[1];
        ClientApi.onVirtualThread(() -> {
            socket[0] = server.accept();
            return null;
        });
        return socket[0];
    }

    private static void echoOnce(SocketChannel client, Socket accepted, boolean virtual) throws Exception {
        client.write(ByteBuffer.wrap(new byte[] {42}));
        if (virtual) {
            ClientApi.onVirtualThread(() -> {
                echoByte(accepted);
                return null;
            });
        } else {
            echoByte(accepted);
        }
        ByteBuffer reply = ByteBuffer.allocate(1);
        check(client.read(reply) == 1 && reply.get(0) == 42, "no echo");
    }

    private static void echoByte(Socket accepted) throws IOException {
        InputStream in = accepted.getInputStream();
        OutputStream out = accepted.getOutputStream();
        int b = in.read();
        out.write(b);
        out.flush();
    }

    private static void checkAccepted(Socket socket) {
        check(socket.getInetAddress().getHostAddress().equals("127.0.0.1"), "remote address " + socket.getInetAddress());
        check(socket.getPort() > 0, "remote port " + socket.getPort());
        check(socket.getLocalPort() == port, "accepted local port " + socket.getLocalPort());
        check(socket.getLocalAddress().getHostAddress().equals("127.0.0.1"), "accepted local address " + socket.getLocalAddress());
    }

    private static void channelBlocking() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(tcp);
            check(tcp.equals(server.getLocalAddress()), "ServerSocketChannel.getLocalAddress " + server.getLocalAddress());
            checkTcpPortClosed();
            for (int i = 0; i < 10; i++) {
                try (SocketChannel client = unixClient(); SocketChannel accepted = server.accept()) {
                    InetSocketAddress remote = (InetSocketAddress) accepted.getRemoteAddress();
                    check(remote.getAddress().getHostAddress().equals("127.0.0.1") && remote.getPort() > 0, "remote " + remote);
                    check(((InetSocketAddress) accepted.getLocalAddress()).getPort() == port, "local " + accepted.getLocalAddress());
                    check(accepted.socket().getInetAddress().getHostAddress().equals("127.0.0.1"), "adaptor remote " + accepted.socket().getInetAddress());
                    echo(client, accepted);
                }
            }
        }
        checkSocketFileGone();
    }

    /** Non-blocking accept and reads with one Selector, as HttpServer, Tomcat NIO and Netty NIO do it. */
    private static void channelSelector() throws Exception {
        int clients = 30;
        try (ServerSocketChannel server = ServerSocketChannel.open(); Selector selector = Selector.open()) {
            server.configureBlocking(false);
            server.bind(tcp, 100);
            server.register(selector, SelectionKey.OP_ACCEPT);
            List<SocketChannel> open = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                SocketChannel client = unixClient();
                client.write(ByteBuffer.wrap(new byte[] {(byte) i}));
                open.add(client);
            }
            int echoed = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (echoed < clients && System.nanoTime() < deadline) {
                selector.select(1000);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isAcceptable()) {
                        SocketChannel accepted;
                        while ((accepted = server.accept()) != null) {
                            check(((InetSocketAddress) accepted.getRemoteAddress()).getAddress().isLoopbackAddress(), "remote " + accepted.getRemoteAddress());
                            accepted.configureBlocking(false);
                            accepted.register(selector, SelectionKey.OP_READ);
                        }
                    } else if (key.isReadable()) {
                        SocketChannel channel = (SocketChannel) key.channel();
                        ByteBuffer buffer = ByteBuffer.allocate(1);
                        if (channel.read(buffer) == 1) {
                            buffer.flip();
                            channel.write(buffer);
                            echoed++;
                        }
                        key.cancel();
                        channel.close();
                    }
                }
                selector.selectedKeys().clear();
            }
            check(echoed == clients, "echoed " + echoed + " of " + clients);
            for (int i = 0; i < clients; i++) {
                ByteBuffer reply = ByteBuffer.allocate(1);
                open.get(i).read(reply);
                check(reply.get(0) == (byte) i, "client " + i + " got no echo");
                open.get(i).close();
            }
        }
        checkSocketFileGone();
    }

    private static void async() throws Exception {
        try (AsynchronousServerSocketChannel server = AsynchronousServerSocketChannel.open()) {
            server.bind(tcp);
            check(tcp.equals(server.getLocalAddress()), "async getLocalAddress " + server.getLocalAddress());
            checkTcpPortClosed();
            for (int i = 0; i < 10; i++) {
                Future<AsynchronousSocketChannel> pending = server.accept();
                try (SocketChannel client = unixClient(); AsynchronousSocketChannel accepted = pending.get(10, TimeUnit.SECONDS)) {
                    InetSocketAddress remote = (InetSocketAddress) accepted.getRemoteAddress();
                    check(remote.getAddress().getHostAddress().equals("127.0.0.1") && remote.getPort() > 0, "remote " + remote);
                    check(((InetSocketAddress) accepted.getLocalAddress()).getPort() == port, "local " + accepted.getLocalAddress());
                    client.write(ByteBuffer.wrap(new byte[] {7}));
                    ByteBuffer buffer = ByteBuffer.allocate(1);
                    check(accepted.read(buffer).get(10, TimeUnit.SECONDS) == 1, "async read");
                    buffer.flip();
                    accepted.write(buffer).get(10, TimeUnit.SECONDS);
                    ByteBuffer reply = ByteBuffer.allocate(1);
                    check(client.read(reply) == 1 && reply.get(0) == 7, "no echo");
                }
            }
            // A completion handler accept, as Netty's and Tomcat's NIO2 connectors use.
            CompletableFuture<AsynchronousSocketChannel> handled = new CompletableFuture<>();
            server.accept(null, new java.nio.channels.CompletionHandler<AsynchronousSocketChannel, Void>() {
                @Override
                public void completed(AsynchronousSocketChannel result, Void attachment) {
                    handled.complete(result);
                }

                @Override
                public void failed(Throwable failure, Void attachment) {
                    handled.completeExceptionally(failure);
                }
            });
            try (SocketChannel client = unixClient(); AsynchronousSocketChannel accepted = handled.get(10, TimeUnit.SECONDS)) {
                check(((InetSocketAddress) accepted.getRemoteAddress()).getAddress().isLoopbackAddress(), "handler remote");
            }
        }
        checkSocketFileGone();
    }

    /** A server on the wildcard address (Spring Boot's default) under a {@code *:port} rule. */
    private static void wildcard() throws Exception {
        try (ServerSocket server = new ServerSocket(port)) {
            check(server.getLocalPort() == port, "getLocalPort " + server.getLocalPort());
            check(server.getInetAddress().isAnyLocalAddress(), "getInetAddress " + server.getInetAddress());
            checkTcpPortClosed();
            try (SocketChannel client = unixClient(); Socket accepted = server.accept()) {
                checkAccepted(accepted);
            }
        }
        checkSocketFileGone();
    }

    /** Port 0 under a {@code 127.0.0.1:*->unix:dir/%p.sock} rule: a real port number, and its socket. */
    private static void ephemeral() throws Exception {
        Path directory = path.getParent();
        try (ServerSocket first = new ServerSocket(0, 50, tcp.getAddress()); ServerSocketChannel second = ServerSocketChannel.open()) {
            second.bind(new InetSocketAddress(tcp.getAddress(), 0));
            int firstPort = first.getLocalPort();
            int secondPort = ((InetSocketAddress) second.getLocalAddress()).getPort();
            check(firstPort > 0 && secondPort > 0 && firstPort != secondPort, "ephemeral ports " + firstPort + ", " + secondPort);
            Path firstSocket = directory.resolve(firstPort + ".sock");
            check(Files.getAttribute(firstSocket, "unix:mode", LinkOption.NOFOLLOW_LINKS) != null, "no socket " + firstSocket);
            check(Files.exists(directory.resolve(secondPort + ".sock")), "no socket for " + secondPort);
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(firstSocket)); Socket accepted = first.accept()) {
                check(accepted.getLocalPort() == firstPort, "accepted local port " + accepted.getLocalPort());
            }
            System.out.println("EPHEMERAL ports=" + firstPort + "," + secondPort);
        }
    }

    private static void acceptTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(tcp);
            server.setSoTimeout(300);
            check(server.getSoTimeout() == 300, "SO_TIMEOUT");
            try {
                server.accept().close();
                throw new AssertionError("accept returned without a client");
            } catch (SocketTimeoutException expected) {
                // as on TCP
            }
            try (SocketChannel client = unixClient(); Socket accepted = server.accept()) {
                checkAccepted(accepted);
            }
        }
        try (ServerSocketChannel channel = ServerSocketChannel.open()) {
            channel.bind(tcp);
            channel.socket().setSoTimeout(300);
            try {
                channel.socket().accept().close();
                throw new AssertionError("adaptor accept returned without a client");
            } catch (SocketTimeoutException expected) {
                // the socket adaptor's timed accept
            }
        }
        checkSocketFileGone();
    }

    private static void closeWhileAccepting() throws Exception {
        ServerSocket server = new ServerSocket();
        server.bind(tcp);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread acceptor = new Thread(() -> {
            try {
                server.accept().close();
                outcome.complete(null);
            } catch (Throwable failure) {
                outcome.complete(failure);
            }
        });
        acceptor.start();
        Thread.sleep(300);
        server.close();
        Throwable failure = outcome.get(10, TimeUnit.SECONDS);
        check(failure instanceof SocketException, "accept after close from another thread: " + failure);
        checkSocketFileGone();

        ServerSocketChannel channel = ServerSocketChannel.open();
        channel.bind(tcp);
        CompletableFuture<Throwable> channelOutcome = new CompletableFuture<>();
        Thread channelAcceptor = new Thread(() -> {
            try {
                channel.accept().close();
                channelOutcome.complete(null);
            } catch (Throwable thrown) {
                channelOutcome.complete(thrown);
            }
        });
        channelAcceptor.start();
        Thread.sleep(300);
        channel.close();
        Throwable channelFailure = channelOutcome.get(10, TimeUnit.SECONDS);
        check(channelFailure instanceof AsynchronousCloseException, "channel accept after close: " + channelFailure);
        checkSocketFileGone();
    }

    private static void interruptAccept() throws Exception {
        ServerSocketChannel channel = ServerSocketChannel.open();
        channel.bind(tcp);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread acceptor = new Thread(() -> {
            try {
                channel.accept().close();
                outcome.complete(null);
            } catch (Throwable thrown) {
                outcome.complete(thrown);
            }
        });
        acceptor.start();
        Thread.sleep(300);
        acceptor.interrupt();
        Throwable failure = outcome.get(10, TimeUnit.SECONDS);
        check(failure instanceof ClosedByInterruptException, "interrupted accept: " + failure);
        check(!channel.isOpen(), "an interrupted accept closes the channel");
        checkSocketFileGone();
    }

    private static void options() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.setOption(StandardSocketOptions.SO_RCVBUF, 65536);
            server.bind(tcp);
            check(server.getOption(StandardSocketOptions.SO_REUSEADDR), "SO_REUSEADDR set before bind reads back");
            server.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            check(!server.getOption(StandardSocketOptions.SO_REUSEADDR), "SO_REUSEADDR set after bind reads back");
            if (server.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                server.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                check(server.getOption(StandardSocketOptions.SO_REUSEPORT), "SO_REUSEPORT reads back");
            }
            try (SocketChannel client = unixClient(); SocketChannel accepted = server.accept()) {
                accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
                check(accepted.getOption(StandardSocketOptions.TCP_NODELAY), "TCP_NODELAY");
                accepted.setOption(StandardSocketOptions.IP_TOS, 0x10);
                check(accepted.getOption(StandardSocketOptions.IP_TOS) == 0x10, "IP_TOS");
                accepted.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
                check(accepted.getOption(StandardSocketOptions.SO_KEEPALIVE), "SO_KEEPALIVE");
                accepted.setOption(StandardSocketOptions.SO_LINGER, 3);
                check(accepted.getOption(StandardSocketOptions.SO_LINGER) == 3, "SO_LINGER");
                accepted.setOption(StandardSocketOptions.SO_SNDBUF, 32768);
                check(accepted.getOption(StandardSocketOptions.SO_SNDBUF) >= 32768, "SO_SNDBUF applies for real");
                Socket socket = accepted.socket();
                socket.setTcpNoDelay(false);
                check(!socket.getTcpNoDelay(), "Socket.setTcpNoDelay(false)");
                socket.setKeepAlive(false);
                check(!socket.getKeepAlive(), "Socket.setKeepAlive(false)");
                for (java.net.SocketOption<?> option : accepted.supportedOptions()) {
                    if (option.name().equals("TCP_KEEPIDLE")) {
                        @SuppressWarnings("unchecked")
                        java.net.SocketOption<Integer> idle = (java.net.SocketOption<Integer>) option;
                        accepted.setOption(idle, 30);
                        check(accepted.getOption(idle) == 30, "TCP_KEEPIDLE");
                    }
                }
                echo(client, accepted);
            }
        }
    }

    /** The socket file's mode is what the test expects (argument: octal). */
    private static void mode(String expected) throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(tcp);
            String permissions = PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
            int mode = (int) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0777;
            check(mode == Integer.parseInt(expected, 8), "mode " + Integer.toOctalString(mode) + " (" + permissions + "), expected " + expected);
            System.out.println("MODE " + String.format("%04o", mode) + " " + permissions);
        }
    }

    /** A socket file left by a server that died: replaced. */
    private static void staleFile() throws Exception {
        try (ServerSocketChannel native1 = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            native1.bind(UnixDomainSocketAddress.of(path));
        }
        check(Files.exists(path), "the JDK leaves a closed Unix server's file behind");
        try (ServerSocket server = new ServerSocket()) {
            server.bind(tcp);
            try (SocketChannel client = unixClient(); Socket accepted = server.accept()) {
                checkAccepted(accepted);
            }
        }
        checkSocketFileGone();
    }

    /** A socket another server listens on: BindException naming the path, and that server keeps its socket. */
    private static void liveFile() throws Exception {
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(path));
            try (ServerSocket server = new ServerSocket()) {
                server.bind(tcp);
                throw new AssertionError("bound although " + path + " is live");
            } catch (BindException expected) {
                check(expected.getMessage().contains(path.toString()), "message names the path: " + expected.getMessage());
                System.out.println("BINDEXCEPTION " + expected.getMessage());
            }
            checkTcpPortClosed();
            try (SocketChannel client = unixClient(); SocketChannel accepted = other.accept()) {
                check(accepted != null, "the other server still has its socket");
            }
        }
    }

    /** Leaves its server socket open: the JVM's exit must not leave the file behind. */
    private static void exitWithoutClose() throws Exception {
        ServerSocket server = new ServerSocket();
        server.bind(tcp);
        checkSocketFile();
        System.out.println("LEAVING " + server.getLocalPort());
    }

    /** Run while another JVM's server listens at the path. */
    private static void bindFails() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(tcp);
            throw new AssertionError("bound although another JVM listens on " + path);
        } catch (BindException expected) {
            check(expected.getMessage().contains(path.toString()), "message names the path: " + expected.getMessage());
            System.out.println("BINDEXCEPTION " + expected.getMessage());
        }
        check(Files.exists(path), "the other JVM's socket file is gone");
    }

    /** A regular file at the path is never removed. */
    private static void notASocket() throws Exception {
        Files.writeString(path, "precious");
        try (ServerSocket server = new ServerSocket()) {
            server.bind(tcp);
            throw new AssertionError("bound over a regular file");
        } catch (BindException expected) {
            check(expected.getMessage().contains(path.toString()), "message names the path: " + expected.getMessage());
            System.out.println("BINDEXCEPTION " + expected.getMessage());
        }
        check(Files.readString(path).equals("precious"), "the regular file was changed");
    }

    /** 127.0.0.1:port and [::1]:port under one localhost rule resolve to one path: the second bind fails, naming it. */
    private static void samePathTwice() throws Exception {
        try (ServerSocket ipv4 = new ServerSocket()) {
            ipv4.bind(tcp);
            try (ServerSocket ipv6 = new ServerSocket()) {
                ipv6.bind(new InetSocketAddress(InetAddress.getByName("::1"), port));
                throw new AssertionError("both binds got " + path);
            } catch (BindException expected) {
                check(expected.getMessage().contains(path.toString()), "message names the path: " + expected.getMessage());
                System.out.println("BINDEXCEPTION " + expected.getMessage());
            }
            try (SocketChannel client = unixClient(); Socket accepted = ipv4.accept()) {
                checkAccepted(accepted);
            }
        }
        checkSocketFileGone();
    }

    /** Another server replaced the file meanwhile (a restart): this server's close leaves the new file alone. */
    private static void replacedFileIsLeftAlone() throws Exception {
        ServerSocket server = new ServerSocket();
        server.bind(tcp);
        Files.delete(path);
        try (ServerSocketChannel successor = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            successor.bind(UnixDomainSocketAddress.of(path));
            server.close();
            check(Files.exists(path), "closing the old server removed its successor's socket file");
            try (SocketChannel client = unixClient(); SocketChannel accepted = successor.accept()) {
                check(accepted != null, "the successor still accepts");
            }
        }
        Files.deleteIfExists(path);
    }

    /** Listens until stdin closes; the test meanwhile runs a second JVM against the same path. */
    private static void hold() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(tcp);
            System.out.println("LISTENING " + path);
            System.in.read();
            try (SocketChannel client = unixClient(); Socket accepted = server.accept()) {
                checkAccepted(accepted);
            }
        }
    }

    private static void descriptorsStayFlat(int count) throws Exception {
        long before;
        try (ServerSocket server = new ServerSocket()) {
            server.bind(tcp);
            Set<Integer> ports = new HashSet<>();
            for (int i = 0; i < 1000; i++) {
                acceptAndClose(server, ports);
            }
            before = openDescriptors();
            for (int i = 0; i < count; i++) {
                acceptAndClose(server, ports);
            }
            long after = openDescriptors();
            System.out.println("DESCRIPTORS before=" + before + " after=" + after + " accepted=" + (count + 1000) + " distinctPeerPorts=" + ports.size());
            check(after <= before + 2, "descriptors grew from " + before + " to " + after + " over " + count + " accepted connections");
        }
        checkSocketFileGone();
    }

    private static void acceptAndClose(ServerSocket server, Set<Integer> ports) throws IOException {
        try (SocketChannel client = unixClient(); Socket accepted = server.accept()) {
            ports.add(accepted.getPort());
            client.write(ByteBuffer.wrap(new byte[] {1}));
            check(accepted.getInputStream().read() == 1, "byte lost");
        }
    }

    private static long openDescriptors() throws IOException {
        try (var entries = Files.list(Path.of("/proc/self/fd"))) {
            return entries.count();
        }
    }

    private static void checkCounters(long accepted, long open) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName rule = new ObjectName("loopshift:type=Listen,name=1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!server.isRegistered(rule) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        check(server.isRegistered(rule), "no MXBean " + rule);
        long seenAccepted = (Long) server.getAttribute(rule, "Accepted");
        long seenOpen = (Long) server.getAttribute(rule, "Open");
        Object listening = server.getAttribute(rule, "Listening");
        check(seenAccepted == accepted, "JMX Accepted " + seenAccepted + ", expected " + accepted);
        check(seenOpen == open, "JMX Open " + seenOpen + ", expected " + open);
        check(java.util.Arrays.asList((String[]) listening).contains(path.toString()), "JMX Listening " + java.util.Arrays.toString((String[]) listening));
        System.out.println("JMX accepted=" + seenAccepted + " open=" + seenOpen + " bound=" + server.getAttribute(rule, "Bound")
                + " failures=" + server.getAttribute(rule, "Failures"));
    }

    private static void echo(SocketChannel client, SocketChannel accepted) throws IOException {
        client.write(ByteBuffer.wrap(new byte[] {9}));
        ByteBuffer buffer = ByteBuffer.allocate(1);
        check(accepted.read(buffer) == 1, "server read");
        buffer.flip();
        accepted.write(buffer);
        ByteBuffer reply = ByteBuffer.allocate(1);
        check(client.read(reply) == 1 && reply.get(0) == 9, "no echo");
    }

    private static SocketChannel unixClient() throws IOException {
        return SocketChannel.open(UnixDomainSocketAddress.of(path));
    }

    private static void checkSocketFile() throws IOException {
        check(Files.exists(path, LinkOption.NOFOLLOW_LINKS), "no socket file " + path);
        check(Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther(),
                path + " is not a socket");
    }

    private static void checkSocketFileGone() {
        check(!Files.exists(path, LinkOption.NOFOLLOW_LINKS), "socket file " + path + " still there after the server socket closed");
    }

    /** Nothing listens on the TCP port: a plain TCP connect (which no route touches here) is refused. */
    private static void checkTcpPortClosed() throws IOException {
        try (Socket probe = new Socket()) {
            probe.connect(tcp, 5000);
            throw new AssertionError("TCP " + tcp + " accepted a connection");
        } catch (ConnectException refused) {
            // as it should: the server listens on the Unix socket only
        }
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }
}
