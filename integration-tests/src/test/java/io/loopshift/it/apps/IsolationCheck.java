package io.loopshift.it.apps;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What the agent must never touch, one scenario per run, with a catch-all route active
 * ({@code localhost:*->source:...} or {@code dest:...}): UDP, server sockets, sockets the
 * application bound itself, non-loopback destinations; and the kill switch and security
 * promises. Prints {@code PASS <scenario>} or throws. Arguments: {@code scenario [address]}.
 */
public final class IsolationCheck {
    private static final InetAddress LOOPBACK = loopback();

    private IsolationCheck() {
    }

    public static void main(String[] args) throws Exception {
        String scenario = args[0];
        switch (scenario) {
            case "udp": udpIsUntouched(); break;
            case "server-and-bound": serverSocketsAndBoundSocketsAreUntouched(); break;
            case "non-loopback": nonLoopbackIsUntouched(InetAddress.getByName(args[1])); break;
            case "kill-switch": killSwitchChangesNothing(); break;
            case "no-listener-no-files": opensNoListenerAndWritesNothing(Path.of(args[1])); break;
            case "java-base-access": hooksInJavaBaseAndNothingOpenedToTheApplication(); break;
            default: throw new IllegalArgumentException(scenario);
        }
        System.out.println("PASS " + scenario);
    }

    private static void udpIsUntouched() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            receiver.setSoTimeout(3000);
            InetSocketAddress target = new InetSocketAddress(LOOPBACK, receiver.getLocalPort());
            try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)) {
                channel.connect(target);
                channel.write(ByteBuffer.wrap("channel".getBytes()));
                expectFromLoopback(receiver, "channel");
                check(channel.getRemoteAddress().equals(target), "DatagramChannel remote " + channel.getRemoteAddress());
            }
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.connect(target);
                byte[] data = "socket".getBytes();
                socket.send(new DatagramPacket(data, data.length));
                expectFromLoopback(receiver, "socket");
            }
        }
        expectCounters(0, 0);
    }

    private static void expectFromLoopback(DatagramSocket receiver, String text) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[64], 64);
        receiver.receive(packet);
        check(new String(packet.getData(), 0, packet.getLength()).equals(text), "received " + new String(packet.getData(), 0, packet.getLength()));
        check(packet.getAddress().equals(LOOPBACK), "datagram came from " + packet.getAddress() + ", not 127.0.0.1: UDP was rewritten");
    }

    /** Servers of all three kinds accept as usual; clients the application bound itself keep their address. */
    private static void serverSocketsAndBoundSocketsAreUntouched() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 50, LOOPBACK);
             ServerSocketChannel channelServer = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
             AsynchronousServerSocketChannel asyncServer = AsynchronousServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
            try (Socket client = new Socket()) {
                client.bind(new InetSocketAddress(LOOPBACK, 0));
                client.connect(plain.getLocalSocketAddress());
                try (Socket accepted = plain.accept()) {
                    check(accepted.getInetAddress().equals(LOOPBACK), "Socket bound to 127.0.0.1 arrived from " + accepted.getInetAddress());
                    check(accepted.getPort() == client.getLocalPort(), "accepted port " + accepted.getPort() + " is not the client's " + client.getLocalPort());
                    check(accepted.getLocalSocketAddress().equals(plain.getLocalSocketAddress()), "accepted local " + accepted.getLocalSocketAddress());
                }
            }
            try (SocketChannel client = SocketChannel.open()) {
                client.bind(new InetSocketAddress(LOOPBACK, 0));
                client.connect(channelServer.getLocalAddress());
                try (SocketChannel accepted = channelServer.accept()) {
                    check(((InetSocketAddress) accepted.getRemoteAddress()).getAddress().equals(LOOPBACK), "SocketChannel bound to 127.0.0.1 arrived from " + accepted.getRemoteAddress());
                    check(accepted.getRemoteAddress().equals(client.getLocalAddress()), "accepted remote " + accepted.getRemoteAddress() + " vs " + client.getLocalAddress());
                }
            }
            try (AsynchronousSocketChannel client = AsynchronousSocketChannel.open()) {
                client.bind(new InetSocketAddress(LOOPBACK, 0));
                Future<AsynchronousSocketChannel> accepting = asyncServer.accept();
                client.connect(asyncServer.getLocalAddress()).get(5, TimeUnit.SECONDS);
                try (AsynchronousSocketChannel accepted = accepting.get(5, TimeUnit.SECONDS)) {
                    check(accepted.getRemoteAddress().equals(client.getLocalAddress()), "async accepted remote " + accepted.getRemoteAddress() + " vs " + client.getLocalAddress());
                }
            }
        }
        expectCounters(3, 0);
        check(attribute("UntouchedBound") == 3, "UntouchedBound = " + attribute("UntouchedBound"));
    }

    private static void nonLoopbackIsUntouched(InetAddress local) throws Exception {
        try (EchoServer server = new EchoServer("0.0.0.0", 0)) {
            InetSocketAddress target = new InetSocketAddress(local, server.port());
            for (ClientApi api : new ClientApi[] {ClientApi.SOCKET, ClientApi.CHANNEL, ClientApi.ASYNC_FUTURE}) {
                api.exchange(target);
            }
            server.report();
        }
        expectCounters(0, 0);
    }

    private static void killSwitchChangesNothing() throws Exception {
        try {
            Class.forName("sun.nio.ch.LoopshiftHooks", false, null);
            throw new AssertionError("loopshift.enabled=false, yet the hooks class was defined in java.base");
        } catch (ClassNotFoundException expected) {
            // nothing was injected, so nothing was woven that could call it
        }
        try (EchoServer server = new EchoServer("0.0.0.0", 0)) {
            ClientApi.SOCKET.exchange(new InetSocketAddress(LOOPBACK, server.port()));
            server.report();
        }
    }

    /**
     * The hooks class is java.base's own (so it reaches sun.nio.ch's natives), and what the agent
     * opened for itself stays closed to the application, whose connects still work. sun.nio.ch is
     * not checked: the tests' own failure-report agent opens it to this unnamed module.
     */
    private static void hooksInJavaBaseAndNothingOpenedToTheApplication() throws Exception {
        Module javaBase = Object.class.getModule();
        Class<?> hooks = Class.forName("sun.nio.ch.LoopshiftHooks", false, null);
        check(hooks.getModule() == javaBase, "the hooks class is in " + hooks.getModule() + ", not java.base");
        check(hooks.getClassLoader() == null, "the hooks class has loader " + hooks.getClassLoader());
        Module application = IsolationCheck.class.getModule();
        for (String pkg : new String[] {"java.lang", "java.nio.channels.spi"}) {
            check(!javaBase.isOpen(pkg, application), "java.base opens " + pkg + " to the application");
        }
        try (EchoServer server = new EchoServer("0.0.0.0", 0)) {
            ClientApi.SOCKET.exchange(new InetSocketAddress(LOOPBACK, server.port()));
            server.report();
        }
        expectCounters(1, 1);
    }

    /** The agent opens no listening socket and writes no file (java.io.tmpdir and the working directory stay empty). */
    private static void opensNoListenerAndWritesNothing(Path tmp) throws Exception {
        try (EchoServer server = new EchoServer("0.0.0.0", 0)) {
            for (int i = 0; i < 5; i++) {
                ClientApi.SOCKET.exchange(new InetSocketAddress(LOOPBACK, server.port()));
            }
            Set<String> listening = listeningInodes();
            Set<String> mine = socketInodesOfThisProcess();
            mine.retainAll(listening);
            // Only the test's own echo server listens.
            check(mine.size() == 1, "this JVM holds " + mine.size() + " listening sockets; only the test's echo server should");
        }
        waitForMBeans();
        try (var entries = Files.list(tmp)) {
            List<Path> files = entries.toList();
            check(files.isEmpty(), "files appeared in java.io.tmpdir: " + files);
        }
        try (var entries = Files.list(Path.of("").toAbsolutePath())) {
            List<Path> files = entries.toList();
            check(files.isEmpty(), "files appeared in the working directory: " + files);
        }
    }

    private static Set<String> listeningInodes() throws IOException {
        Set<String> inodes = new HashSet<>();
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields[3].equals("0A")) {
                    inodes.add(fields[9]);
                }
            }
        }
        return inodes;
    }

    private static Set<String> socketInodesOfThisProcess() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        }
        return inodes;
    }

    private static void expectCounters(long matched, long rewritten) throws Exception {
        waitForMBeans();
        check(attribute("Matched") == matched, "Matched = " + attribute("Matched") + ", wanted " + matched);
        check(attribute("Rewritten") == rewritten, "Rewritten = " + attribute("Rewritten") + ", wanted " + rewritten);
    }

    private static void waitForMBeans() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!server.isRegistered(new ObjectName("loopshift:type=Total"))) {
            check(System.nanoTime() < deadline, "loopshift MXBeans never registered");
            Thread.sleep(100);
        }
    }

    private static long attribute(String name) throws Exception {
        return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName("loopshift:type=Total"), name)).longValue();
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByName("127.0.0.1");
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new AssertionError(failure);
        }
    }

}
