package io.loopshift.it.apps;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One JVM whose loopback traffic is all local: the JDK HttpServer on an ephemeral port of
 * 127.0.0.1 and the JDK HttpClient calling it, unmodified. Prints how many requests answered
 * 200, which peer addresses the server saw, and how many of this JVM's sockets the kernel lists
 * as TCP in /proc/net/tcp and tcp6, counted while the client's connections are still open.
 * Arguments: {@code requests}.
 */
public final class AllUnixCheck {
    private AllUnixCheck() {
    }

    public static void main(String[] args) throws Exception {
        int requests = Integer.parseInt(args[0]);
        Set<String> peers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        server.createContext("/", exchange -> {
            peers.add(exchange.getRemoteAddress().getAddress().getHostAddress());
            byte[] body = ("hello from " + exchange.getLocalAddress().getPort()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        int port = server.getAddress().getPort();
        int ok = 0;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + i)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && response.body().equals("hello from " + port)) {
                ok++;
            }
        }
        int tcpSockets = tcpSocketsOfThisJvm();
        System.out.println("RESULT ok=" + ok + " port=" + port + " peers=" + String.join(",", peers) + " tcpSockets=" + tcpSockets
                + " sockets=" + socketInodes().size());
        server.stop(0);
    }

    /** This JVM's sockets that the kernel lists in /proc/net/tcp or /proc/net/tcp6 (listening, connected or closing). */
    private static int tcpSocketsOfThisJvm() throws IOException {
        Set<String> mine = socketInodes();
        int count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 9 && mine.contains(fields[9])) {
                    count++;
                }
            }
        }
        return count;
    }

    private static Set<String> socketInodes() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            for (Path descriptor : (Iterable<Path>) descriptors::iterator) {
                try {
                    String target = Files.readSymbolicLink(descriptor).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the listing's own descriptor, or one closed since
                }
            }
        }
        return inodes;
    }
}
