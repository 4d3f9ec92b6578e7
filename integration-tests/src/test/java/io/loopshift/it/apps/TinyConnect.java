package io.loopshift.it.apps;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** One rewritten connect to a server of its own, then exit 0. */
public final class TinyConnect {
    public static void main(String[] args) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            System.out.println("RESULT peer=" + accepted.getInetAddress().getHostAddress());
        }
    }
}
