package io.loopshift.it.apps;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The TCP sockets a {@code unix:} redirect replaces and the agent hands to the next socket the
 * JDK makes, seen from the application: a socket that comes back (same kernel socket: same inode
 * in /proc/self/fd) must be indistinguishable from a new one, a socket the application changed
 * must not come back, SOL_SOCKET options set before the connect must act on the Unix socket, and
 * the pool must not grow the descriptor count. One scenario per run, printing
 * {@code PASS <scenario>}. Arguments: {@code scenario unix-path routed-port}.
 */
public final class SocketPoolCheck {
    private static Path path;
    private static InetSocketAddress target;
    /** A plain TCP echo server no route takes, to use a handed-out socket for real. */
    private static EchoServer plain;

    private SocketPoolCheck() {
    }

    public static void main(String[] args) throws Exception {
        String scenario = args[0];
        path = Path.of(args[1]);
        target = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), Integer.parseInt(args[2]));
        try (UnixEchoServer server = new UnixEchoServer(path); EchoServer tcp = new EchoServer("127.0.0.1", 0)) {
            plain = tcp;
            switch (scenario) {
                case "handed-out-like-new": handedOutLikeNew(); break;
                case "changed-not-kept": changedSocketsAreNotKept(); break;
                case "options-before-connect": socketLevelOptionsSetBeforeConnect(); break;
                case "pool-leak": descriptorsStayFlat(Integer.parseInt(args[3])); break;
                default: throw new IllegalArgumentException("unknown scenario " + scenario);
            }
            check(server.connections() > 0, "the Unix server saw no connection");
        }
        System.out.println("PASS " + scenario);
    }

    /** The ways a client frees a redirected TCP socket that the agent may keep. */
    private enum Freed {
        SOCKET, SOCKET_TIMED, CHANNEL, CHANNEL_NON_BLOCKING, ADAPTOR_TIMED
    }

    /**
     * For every way of freeing a redirected socket and both kinds of next socket: the next socket
     * is the kept one (same inode) and has the flags (O_NONBLOCK, close-on-exec) and every option
     * value of a socket the JDK made before any redirect, is unbound, and works over TCP.
     */
    private static void handedOutLikeNew() throws Exception {
        try (Socket controlSocket = new Socket(); SocketChannel controlChannel = SocketChannel.open()) {
            String flags = flags(DescriptorNumbers.of(controlSocket));
            check(flags.equals(flags(DescriptorNumbers.of(controlChannel))), "control sockets differ in flags");
            String socketOptions = options(controlSocket);
            String channelOptions = options(controlChannel);
            int reused = 0;
            for (Freed freed : Freed.values()) {
                for (boolean nextIsSocket : new boolean[] {true, false}) {
                    String kept = redirectAndClose(freed);
                    if (nextIsSocket) {
                        try (Socket next = new Socket()) {
                            String what = freed + " -> Socket";
                            check(inode(DescriptorNumbers.of(next)).equals(kept), what + ": the replaced socket was not handed out again");
                            check(flags(DescriptorNumbers.of(next)).equals(flags), what + ": flags " + flags(DescriptorNumbers.of(next)) + ", a new socket's " + flags);
                            check(options(next).equals(socketOptions), what + ": options " + options(next) + ", a new socket's " + socketOptions);
                            check(!next.isBound() && next.getLocalPort() == -1, what + ": bound");
                            next.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), plain.port()), 5000);
                            echo(next);
                            check(next.getLocalPort() > 0, what + ": no TCP port after a TCP connect");
                        }
                    } else {
                        try (SocketChannel next = SocketChannel.open()) {
                            String what = freed + " -> SocketChannel";
                            check(inode(DescriptorNumbers.of(next)).equals(kept), what + ": the replaced socket was not handed out again");
                            check(flags(DescriptorNumbers.of(next)).equals(flags), what + ": flags " + flags(DescriptorNumbers.of(next)) + ", a new socket's " + flags);
                            check(options(next).equals(channelOptions), what + ": options " + options(next) + ", a new socket's " + channelOptions);
                            check(next.getLocalAddress() == null, what + ": bound");
                            next.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), plain.port()));
                            echo(next.socket());
                        }
                    }
                    reused++;
                }
            }
            // An IPv4-only channel's socket is AF_INET: it goes only to the next IPv4-only channel.
            String inet;
            try (SocketChannel v4 = SocketChannel.open(StandardProtocolFamily.INET)) {
                inet = inode(DescriptorNumbers.of(v4));
                v4.connect(target);
                echo(v4.socket());
            }
            try (Socket dualStack = new Socket()) {
                check(!inode(DescriptorNumbers.of(dualStack)).equals(inet), "an AF_INET socket was handed to a dual-stack Socket");
            }
            try (SocketChannel v4 = SocketChannel.open(StandardProtocolFamily.INET)) {
                check(inode(DescriptorNumbers.of(v4)).equals(inet), "the AF_INET socket was not handed to the next IPv4-only channel");
                try (SocketChannel newV4 = SocketChannel.open(StandardProtocolFamily.INET)) {
                    check(options(v4).equals(options(newV4)), "IPv4 options " + options(v4) + ", a new socket's " + options(newV4));
                }
                v4.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), plain.port()));
                echo(v4.socket());
            }
            System.out.println("HANDED_OUT reused=" + reused + " flags=" + flags + " ");
            System.out.println("POOL_JMX " + TotalCounters.await().pool());
        }
    }

    /** Redirects and closes a socket freed this way; returns the inode its TCP socket had. */
    private static String redirectAndClose(Freed freed) throws Exception {
        switch (freed) {
            case SOCKET:
            case SOCKET_TIMED:
                try (Socket socket = new Socket()) {
                    String inode = inode(DescriptorNumbers.of(socket));
                    if (freed == Freed.SOCKET) {
                        socket.connect(target);
                    } else {
                        socket.connect(target, 5000);
                    }
                    check(!inode(DescriptorNumbers.of(socket)).equals(inode), freed + ": not redirected");
                    echo(socket);
                    return inode;
                }
            case CHANNEL:
            case ADAPTOR_TIMED:
                try (SocketChannel channel = SocketChannel.open()) {
                    String inode = inode(DescriptorNumbers.of(channel));
                    if (freed == Freed.CHANNEL) {
                        channel.connect(target);
                    } else {
                        channel.socket().connect(target, 5000);
                    }
                    check(!inode(DescriptorNumbers.of(channel)).equals(inode), freed + ": not redirected");
                    echo(channel.socket());
                    return inode;
                }
            default:
                try (SocketChannel channel = SocketChannel.open()) {
                    String inode = inode(DescriptorNumbers.of(channel));
                    channel.configureBlocking(false);
                    channel.connect(target);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (!channel.finishConnect()) {
                        check(System.nanoTime() < deadline, "non-blocking connect never finished");
                        Thread.sleep(1);
                    }
                    check(!inode(DescriptorNumbers.of(channel)).equals(inode), freed + ": not redirected");
                    channel.configureBlocking(true);
                    echo(channel.socket());
                    return inode;
                }
        }
    }

    /** A socket with any option set before its connect, or registered with a selector, is closed, never handed out. */
    private static void changedSocketsAreNotKept() throws Exception {
        List<SocketOption<?>> options = List.of(StandardSocketOptions.TCP_NODELAY, StandardSocketOptions.SO_SNDBUF,
                StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_LINGER, StandardSocketOptions.IP_TOS);
        for (SocketOption<?> option : options) {
            String inode;
            try (Socket socket = new Socket()) {
                inode = inode(DescriptorNumbers.of(socket));
                set(socket, option);
                socket.connect(target);
                echo(socket);
            }
            try (Socket next = new Socket()) {
                check(!inode(DescriptorNumbers.of(next)).equals(inode), "a socket with " + option + " set before connect was handed out again");
            }
        }
        String registered;
        try (SocketChannel channel = SocketChannel.open(); java.nio.channels.Selector selector = java.nio.channels.Selector.open()) {
            registered = inode(DescriptorNumbers.of(channel));
            channel.configureBlocking(false);
            channel.register(selector, java.nio.channels.SelectionKey.OP_CONNECT);
            selector.selectNow();
            channel.connect(target);
            while (!channel.finishConnect()) {
                selector.select(100);
            }
        }
        try (SocketChannel next = SocketChannel.open()) {
            check(!inode(DescriptorNumbers.of(next)).equals(registered), "a socket registered with a selector was handed out again");
        }
    }

    @SuppressWarnings("unchecked")
    private static void set(Socket socket, SocketOption<?> option) throws IOException {
        if (option.type() == Boolean.class) {
            socket.setOption((SocketOption<Boolean>) option, true);
        } else if (option == StandardSocketOptions.SO_LINGER) {
            socket.setSoLinger(true, 3);
        } else if (option == StandardSocketOptions.IP_TOS) {
            socket.setTrafficClass(0x10);
        } else {
            socket.setOption((SocketOption<Integer>) option, 65536);
        }
    }

    /**
     * SO_SNDBUF, SO_RCVBUF, SO_LINGER, SO_KEEPALIVE and SO_REUSEADDR set before a redirected
     * connect read back as on a TCP socket given the same values, for Socket and SocketChannel; a
     * redirected socket that set none keeps the Unix socket's own buffer sizes.
     */
    private static void socketLevelOptionsSetBeforeConnect() throws Exception {
        String expected;
        try (Socket tcp = new Socket()) {
            setSocketLevel(tcp);
            expected = socketLevel(tcp);
        }
        try (Socket socket = new Socket()) {
            setSocketLevel(socket);
            socket.connect(target);
            check(socketLevel(socket).equals(expected), "Socket: " + socketLevel(socket) + " after the redirect, TCP answers " + expected);
            echo(socket);
        }
        String expectedChannel;
        try (SocketChannel tcp = SocketChannel.open()) {
            setSocketLevel(tcp);
            expectedChannel = socketLevel(tcp);
        }
        try (SocketChannel channel = SocketChannel.open()) {
            setSocketLevel(channel);
            channel.connect(target);
            check(socketLevel(channel).equals(expectedChannel), "SocketChannel: " + socketLevel(channel) + " after the redirect, TCP answers " + expectedChannel);
            echo(channel.socket());
        }
        int unixSendBuffer;
        try (SocketChannel unix = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            unix.connect(UnixDomainSocketAddress.of(path));
            unixSendBuffer = unix.getOption(StandardSocketOptions.SO_SNDBUF);
        }
        try (Socket untouched = new Socket()) {
            untouched.connect(target);
            check(untouched.getSendBufferSize() == unixSendBuffer, "a redirected socket that set no buffer size has "
                    + untouched.getSendBufferSize() + ", a Unix socket " + unixSendBuffer);
            echo(untouched);
        }
        System.out.println("OPTIONS socket=" + expected + " channel=" + expectedChannel + " unix_sndbuf=" + unixSendBuffer);
    }

    private static void setSocketLevel(NetworkChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.SO_SNDBUF, 65536);
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 40000);
        channel.setOption(StandardSocketOptions.SO_LINGER, 7);
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
    }

    private static void setSocketLevel(Socket socket) throws IOException {
        socket.setSendBufferSize(65536);
        socket.setReceiveBufferSize(40000);
        socket.setSoLinger(true, 7);
        socket.setKeepAlive(true);
        socket.setReuseAddress(true);
    }

    private static String socketLevel(NetworkChannel channel) throws IOException {
        return "sndbuf=" + channel.getOption(StandardSocketOptions.SO_SNDBUF) + ",rcvbuf=" + channel.getOption(StandardSocketOptions.SO_RCVBUF)
                + ",linger=" + channel.getOption(StandardSocketOptions.SO_LINGER) + ",keepalive=" + channel.getOption(StandardSocketOptions.SO_KEEPALIVE)
                + ",reuseaddr=" + channel.getOption(StandardSocketOptions.SO_REUSEADDR);
    }

    private static String socketLevel(Socket socket) throws IOException {
        return "sndbuf=" + socket.getSendBufferSize() + ",rcvbuf=" + socket.getReceiveBufferSize() + ",linger=" + socket.getSoLinger()
                + ",keepalive=" + socket.getKeepAlive() + ",reuseaddr=" + socket.getReuseAddress();
    }

    /**
     * Many redirects of every kind, kept or not: the descriptors other than kept sockets stay
     * flat, and the kept ones (sockets neither in /proc/net/unix nor hashed in /proc/net/tcp*:
     * unbound, unconnected TCP sockets) never exceed the pool's bound of four per family.
     */
    private static void descriptorsStayFlat(int cycles) throws Exception {
        for (int i = 0; i < 70; i++) {
            cycle(i);
        }
        System.gc();
        Thread.sleep(300);
        long before = openDescriptors();
        long keptBefore = unlistedSockets();
        long mostKept = keptBefore;
        for (int i = 0; i < cycles; i++) {
            cycle(i);
            if (i % 1000 == 999) {
                mostKept = Math.max(mostKept, unlistedSockets());
            }
        }
        System.gc();
        Thread.sleep(300);
        long after = openDescriptors();
        long keptAfter = unlistedSockets();
        System.out.println("DESCRIPTORS before=" + before + " after=" + after + " kept_before=" + keptBefore + " kept_after=" + keptAfter
                + " most_kept=" + mostKept + " cycles=" + cycles);
        check(after - keptAfter <= before - keptBefore, "descriptors other than kept sockets grew from " + (before - keptBefore)
                + " to " + (after - keptAfter) + " over " + cycles + " cycles");
        check(mostKept <= 8, "more than 8 sockets kept: " + mostKept);
    }

    private static void cycle(int i) throws Exception {
        switch (i % 7) {
            case 0: redirectAndClose(Freed.SOCKET); break;
            case 1: redirectAndClose(Freed.SOCKET_TIMED); break;
            case 2: redirectAndClose(Freed.CHANNEL_NON_BLOCKING); break;
            case 3: ClientApi.CHANNEL_SELECT_CONNECT.exchange(target); break;
            case 4: ClientApi.ASYNC_FUTURE.exchange(target); break;
            case 5:
                try (Socket socket = new Socket()) {
                    socket.setTcpNoDelay(true);
                    socket.connect(target);
                    echo(socket);
                }
                break;
            default:
                try (SocketChannel v4 = SocketChannel.open(StandardProtocolFamily.INET)) {
                    v4.connect(target);
                    echo(v4.socket());
                }
        }
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
            return entries.count();
        }
    }

    private static long unlistedSockets() throws IOException {
        Set<String> listed = new HashSet<>();
        for (String table : new String[] {"/proc/net/unix", "/proc/net/tcp", "/proc/net/tcp6", "/proc/net/udp", "/proc/net/udp6"}) {
            List<String> lines = Files.readAllLines(Path.of(table));
            int column = table.endsWith("unix") ? 6 : 9;
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > column) {
                    listed.add(fields[column]);
                }
            }
        }
        long unlisted = 0;
        try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
            for (Path entry : entries.collect(Collectors.toList())) {
                try {
                    String link = Files.readSymbolicLink(entry).toString();
                    if (link.startsWith("socket:[") && !listed.contains(link.substring(8, link.length() - 1))) {
                        unlisted++;
                    }
                } catch (IOException gone) {
                    // The listing's own descriptor, closed by now.
                }
            }
        }
        return unlisted;
    }

    private static void echo(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        out.write('p');
        out.flush();
        check(in.read() == 'p', "no echo");
    }

    /** Every option the socket supports, by name, as it answers now. */
    private static String options(Socket socket) throws IOException {
        TreeMap<String, Object> values = new TreeMap<>();
        for (SocketOption<?> option : socket.supportedOptions()) {
            values.put(option.name(), socket.getOption(option));
        }
        return values.toString();
    }

    private static String options(NetworkChannel channel) throws IOException {
        TreeMap<String, Object> values = new TreeMap<>();
        for (SocketOption<?> option : channel.supportedOptions().stream().sorted(Comparator.comparing(SocketOption::name)).collect(Collectors.toList())) {
            values.put(option.name(), channel.getOption(option));
        }
        return values.toString();
    }

    /** The descriptor's open-file flags as /proc/self/fdinfo shows them (O_NONBLOCK, O_CLOEXEC, access mode), in octal. */
    private static String flags(int number) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + number))) {
            if (line.startsWith("flags:")) {
                return line.substring(6).trim();
            }
        }
        throw new AssertionError("no flags for descriptor " + number);
    }

    private static String inode(int number) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/fd/" + number)).toString();
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new AssertionError(failure);
        }
    }
}
