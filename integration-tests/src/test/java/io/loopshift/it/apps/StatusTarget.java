package io.loopshift.it.apps;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * A JVM for the command line to find by name: makes {@code count} connects to its own server on
 * 127.0.0.1, prints {@code READY port=<port>}, then waits until the file {@code stopFile} exists
 * (at most 120 s). The first connect's peer address is printed as {@code PEER <address>}.
 * Arguments: {@code count stopFile}.
 */
public final class StatusTarget {
    private StatusTarget() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        Path stop = Paths.get(args[1]);
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            for (int i = 0; i < count; i++) {
                try (Socket client = new Socket("127.0.0.1", server.getLocalPort()); Socket accepted = server.accept()) {
                    if (i == 0) {
                        System.out.println("PEER " + accepted.getInetAddress().getHostAddress());
                    }
                }
            }
            System.out.println("READY port=" + server.getLocalPort());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(stop) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
    }
}
