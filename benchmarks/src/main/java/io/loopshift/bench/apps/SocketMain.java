package io.loopshift.bench.apps;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Figure 4's second main: one loopback connection that no route matches, then one line. Most
 * applications open a socket soon after start, and so pay for the JDK's socket layer
 * ({@code sun.nio.ch.Net}, the selector provider) whether an agent is attached or not; beside
 * the trivial main, this shows what the agent costs such an application.
 */
public final class SocketMain {
    private SocketMain() {
    }

    public static void main(String[] args) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
            System.out.println("hello from a main that opened a socket " + client.isConnected());
        }
    }
}
