package io.loopshift.it.listen.servers;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;

/** What every server application shares: its argument, its answer and its life after start-up. */
public final class ServerApps {
    /** The address every application binds; the listen rule under test matches it. */
    public static final String BIND_ADDRESS = "127.0.0.1";
    /** A bound on the child's life, should the test that started it die without stopping it. */
    private static final long MAX_LIFE_MILLIS = 600_000;

    private ServerApps() {
    }

    /** The port to listen on: the application's only argument. */
    static int port(String[] args) {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: <main> <port>");
        }
        return Integer.parseInt(args[0]);
    }

    static InetAddress bindAddress() throws UnknownHostException {
        return InetAddress.getByName(BIND_ADDRESS);
    }

    /** The response body: the server's name and the remote address its own API reported. */
    public static String answer(String server, String remoteAddress) {
        return "server=" + server + " remote=" + remoteAddress + "\n";
    }

    static String host(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }

    /** Announces that the server accepts connections, then keeps the JVM alive until the test stops it. */
    static void servedUntilStopped(String server, int port) throws InterruptedException {
        System.out.println("READY server=" + server + " port=" + port);
        System.out.flush();
        Thread.sleep(MAX_LIFE_MILLIS);
        System.out.println("EXIT server=" + server + " reached its maximum life");
        System.exit(0);
    }
}
