package io.loopshift.it.listen.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A hand-written HTTP server on {@code java.net.ServerSocket}, as old applications have them: one
 * request per connection, answered with {@code Socket.getInetAddress()}, then closed.
 */
public final class PlainServerSocketApp {
    public static void main(String[] args) throws Exception {
        int port = ServerApps.port(args);
        ServerSocket server = new ServerSocket(port, 128, ServerApps.bindAddress());
        ExecutorService handlers = Executors.newFixedThreadPool(4);
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    handlers.execute(() -> answer(socket));
                } catch (IOException closed) {
                    return;
                }
            }
        }, "accept");
        acceptor.setDaemon(true);
        acceptor.start();
        ServerApps.servedUntilStopped("serversocket", port);
    }

    private static void answer(Socket socket) {
        try (Socket open = socket; InputStream in = open.getInputStream(); OutputStream out = open.getOutputStream()) {
            open.setSoTimeout(10_000);
            if (!readHead(in)) {
                return;
            }
            byte[] body = ServerApps.answer("serversocket", open.getInetAddress().getHostAddress()).getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        } catch (IOException clientGone) {
            // Nothing to answer.
        }
    }

    /** Reads up to the blank line that ends the request head; false if the client closed first. */
    private static boolean readHead(InputStream in) throws IOException {
        int matched = 0;
        int value;
        while ((value = in.read()) != -1) {
            matched = (value == "\r\n\r\n".charAt(matched)) ? matched + 1 : (value == '\r' ? 1 : 0);
            if (matched == 4) {
                return true;
            }
        }
        return false;
    }
}
