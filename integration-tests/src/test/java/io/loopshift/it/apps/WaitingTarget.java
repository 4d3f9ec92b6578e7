package io.loopshift.it.apps;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JVM to attach to: prints READY, waits (at most 120 s) until the file named by its first
 * argument exists, then connects once to a TCP server of its own on 127.0.0.1 and prints
 * {@code RESULT tcp=1} when that connect arrived over TCP, untouched.
 */
public final class WaitingTarget {
    public static void main(String[] args) throws Exception {
        Path go = Path.of(args[0]);
        System.out.println("READY");
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.exists(go) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()); Socket client = connect(server.getLocalPort())) {
            server.setSoTimeout(10_000);
            try (Socket accepted = server.accept()) {
                System.out.println("RESULT tcp=1");
            }
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }
}
