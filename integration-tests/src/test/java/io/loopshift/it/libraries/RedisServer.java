package io.loopshift.it.libraries;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian package redis-server) started for one checker, with
 * persistence off, always listening on a Unix socket through which the checker asks it what it
 * saw (INFO, CLIENT LIST) without taking an ephemeral port, and on TCP only when given a port.
 */
final class RedisServer implements LibraryCheck.Server {
    private final Process process;
    private final Path log;
    private final Path directory;
    private final Path socket;
    private final RedisClient adminClient;
    private final StatefulRedisConnection<String, String> admin;

    /**
     * Starts redis-server on the Unix socket {@code path} (or one of its own when null) and, when
     * {@code port} is not 0, on {@code bind}:{@code port}.
     */
    RedisServer(Path path, String bind, int port) throws Exception {
        directory = Files.createTempDirectory(Path.of("/tmp"), "redis-");
        log = directory.resolve("redis.log");
        socket = path != null ? path : directory.resolve("redis.sock");
        Files.deleteIfExists(socket);
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port),
                "--unixsocket", socket.toString(), "--unixsocketperm", "700", "--save", "", "--appendonly", "no",
                "--protected-mode", "no", "--dir", directory.toString(), "--daemonize", "no"));
        if (port != 0) {
            command.addAll(List.of("--bind", bind));
        }
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IOException("cannot start redis-server; install it (Debian: apt-get install redis-server): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(socket)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-server did not create " + socket + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            Thread.sleep(20);
        }
        adminClient = RedisClient.create(RedisURI.Builder.socket(socket.toString()).build());
        admin = adminClient.connect();
        admin.sync().ping();
    }

    /**
     * TCP clients from CLIENT LIST with their peer and local addresses, and connections over the
     * Unix socket from INFO's total (less this admin connection).
     */
    @Override
    public Addresses addresses() {
        Addresses addresses = new Addresses();
        long tcp = 0;
        for (String client : admin.sync().clientList().split("\n")) {
            String peer = field(client, "addr");
            String local = field(client, "laddr");
            if (peer != null && !peer.startsWith("/")) {
                tcp++;
                addresses.tcpAddresses(host(peer), host(local));
            }
        }
        String stats = admin.sync().info("stats");
        long total = Long.parseLong(field(stats.replace("\r\n", " ").replace(':', '='), "total_connections_received"));
        addresses.connections(tcp, "tcp");
        addresses.connections(total - tcp - 1, "unix");
        return addresses;
    }

    private static String field(String line, String key) {
        for (String field : line.trim().split("\\s+")) {
            if (field.startsWith(key + "=")) {
                return field.substring(key.length() + 1);
            }
        }
        return null;
    }

    private static String host(String hostAndPort) {
        return hostAndPort.substring(0, hostAndPort.lastIndexOf(':'));
    }

    @Override
    public void close() throws Exception {
        admin.close();
        adminClient.shutdown(0, 5, TimeUnit.SECONDS);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(socket);
        Files.deleteIfExists(log);
        Files.deleteIfExists(directory);
    }
}
