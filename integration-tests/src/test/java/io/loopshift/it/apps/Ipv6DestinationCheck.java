package io.loopshift.it.apps;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;

/**
 * Connects to [::1] under routes that match it, and reports where the connect went. Modes (first
 * argument; the port of the route is the second):
 * <ul>
 * <li>{@code decoy}: a server on [::1] and another on 127.0.0.5, same port. The connect must reach
 *     the one on [::1]: a server on ::1 is a different socket from one on 127.x.
 * <li>{@code only-ipv6}: a server on [::1] only. The connect must reach it.
 * <li>{@code ipv4-stack}: run with {@code -Djava.net.preferIPv4Stack=true}, a wildcard server on
 *     the port; the JDK must refuse the IPv6 address with a SocketException, as without the agent.
 * <li>{@code unix} (third argument: the socket path): the connect must arrive on the Unix socket,
 *     and the socket's local address must be ::1.
 * </ul>
 * Connects carry a 20 s timeout so a hang ends as a failure. Prints {@code RESULT reached=...}
 * and exits 1 when the connect did not go where it must.
 */
public final class Ipv6DestinationCheck {
    private static final int CONNECT_TIMEOUT_MILLIS = 20_000;

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int port = Integer.parseInt(args[1]);
        InetSocketAddress ipv6 = new InetSocketAddress(InetAddress.getByName("::1"), port);
        String reached;
        switch (mode) {
            case "decoy":
                try (Listener onIpv6 = new Listener(ipv6); Listener onIpv4 = new Listener(new InetSocketAddress(InetAddress.getByName("127.0.0.5"), port))) {
                    reached = connectAndName(ipv6, onIpv6, onIpv4);
                }
                break;
            case "only-ipv6":
                try (Listener onIpv6 = new Listener(ipv6)) {
                    reached = connectAndName(ipv6, onIpv6, null);
                }
                break;
            case "ipv4-stack":
                // As the JDK's own RejectIPv6 test: a wildcard (here IPv4-only) server on the port.
                try (ServerSocket wildcard = new ServerSocket(port); Socket socket = new Socket()) {
                    socket.connect(ipv6, CONNECT_TIMEOUT_MILLIS);
                    reached = "connected";
                } catch (SocketException refusedByJdk) {
                    reached = "refused:" + refusedByJdk.getClass().getSimpleName();
                }
                break;
            case "unix":
                try (UnixEchoServer server = new UnixEchoServer(Path.of(args[2])); Socket socket = new Socket()) {
                    socket.connect(ipv6, CONNECT_TIMEOUT_MILLIS);
                    socket.getOutputStream().write(1);
                    int echoed = socket.getInputStream().read();
                    reached = (server.connections() == 1 && echoed == 1 ? "unix" : "tcp") + " local=" + socket.getLocalAddress().getHostAddress();
                }
                break;
            default:
                throw new IllegalArgumentException(mode);
        }
        System.out.println("RESULT reached=" + reached);
        boolean ok = switch (mode) {
            case "decoy", "only-ipv6" -> reached.equals("ipv6");
            case "ipv4-stack" -> reached.startsWith("refused:");
            default -> reached.equals("unix local=0:0:0:0:0:0:0:1");
        };
        System.exit(ok ? 0 : 1);
    }

    private static String connectAndName(InetSocketAddress destination, Listener onIpv6, Listener onIpv4) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(destination, CONNECT_TIMEOUT_MILLIS);
            if (onIpv6.acceptedOne()) {
                return "ipv6";
            }
            return onIpv4 != null && onIpv4.acceptedOne() ? "ipv4-decoy" : "nobody";
        } catch (IOException failed) {
            return "failed:" + failed;
        }
    }

    /** A server that accepts one connection when asked. */
    private static final class Listener implements AutoCloseable {
        private final ServerSocket server;

        Listener(InetSocketAddress address) throws IOException {
            server = new ServerSocket();
            server.bind(address);
            server.setSoTimeout(2_000);
        }

        boolean acceptedOne() {
            try (Socket ignored = server.accept()) {
                return true;
            } catch (IOException none) {
                return false;
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
