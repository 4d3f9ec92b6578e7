package io.loopshift.it.listen.servers;

import com.sun.net.httpserver.HttpServer;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** The JDK's {@code com.sun.net.httpserver.HttpServer} (a non-blocking ServerSocketChannel with a Selector). */
public final class JdkHttpServerApp {
    public static void main(String[] args) throws Exception {
        int port = ServerApps.port(args);
        HttpServer server = HttpServer.create(new InetSocketAddress(ServerApps.bindAddress(), port), 128);
        server.createContext("/", exchange -> {
            byte[] body = ServerApps.answer("jdk-httpserver", exchange.getRemoteAddress().getAddress().getHostAddress())
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        ServerApps.servedUntilStopped("jdk-httpserver", port);
    }
}
