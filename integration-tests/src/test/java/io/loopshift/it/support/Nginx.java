package io.loopshift.it.support;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real nginx (the distribution's binary) as a reverse proxy in front of a Unix socket, run as the
 * current user from a generated configuration in a temporary directory: no daemon, no master
 * process (so no switch to another user), every file it writes under that directory. Where nginx is
 * not installed the calling test is skipped with the reason, unless {@code LOOPSHIFT_REQUIRE_NGINX=1}
 * (set by .ci/run, which installs it), where it fails instead.
 */
public final class Nginx implements AutoCloseable {
    public static final String REQUIRE_VARIABLE = "LOOPSHIFT_REQUIRE_NGINX";
    private static final List<String> SEARCHED = List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx");
    private static final long START_TIMEOUT_MILLIS = 20_000;

    private final Process process;
    private final Path directory;
    private final int port;

    private Nginx(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
    }

    /** The nginx binary on the PATH or where Debian puts it, or null. */
    public static Path binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Paths.get(dir.isEmpty() ? "." : dir, "nginx");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return SEARCHED.stream().map(Paths::get).filter(Files::isExecutable).findFirst().orElse(null);
    }

    /** Skips the calling test (or fails it under CI) when nginx is not installed. */
    public static void assumeInstalled() {
        if (binary() != null) {
            return;
        }
        String reason = "nginx is not installed (apt-get install nginx-light)";
        if ("1".equals(System.getenv(REQUIRE_VARIABLE))) {
            throw new AssertionError(REQUIRE_VARIABLE + "=1 but " + reason);
        }
        Assumptions.abort(reason);
    }

    /** Starts nginx on a free 127.0.0.1 port with {@code proxy_pass http://unix:<socket>:/}, and waits until it accepts. */
    public static Nginx proxyingTo(Path unixSocket) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("loopshift-nginx");
        int port = Ports.freePort();
        Path config = directory.resolve("nginx.conf");
        Files.writeString(config, config(directory, port, unixSocket), StandardCharsets.UTF_8);
        Path binary = binary();
        if (binary == null) {
            throw new IllegalStateException("nginx is not installed (apt-get install nginx-light)");
        }
        Process process = new ProcessBuilder(binary.toString(), "-p", directory.toString(), "-c", config.toString(),
                "-e", directory.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("stdout.log").toFile()).start();
        Nginx nginx = new Nginx(process, directory, port);
        nginx.awaitAccepting();
        return nginx;
    }

    static String config(Path directory, int port, Path unixSocket) {
        return String.join("\n",
                "daemon off;",
                "master_process off;",
                "pid " + directory.resolve("nginx.pid") + ";",
                "error_log " + directory.resolve("error.log") + " warn;",
                "events { worker_connections 1024; }",
                "http {",
                "  access_log " + directory.resolve("access.log") + ";",
                "  client_body_temp_path " + directory.resolve("client_body") + ";",
                "  proxy_temp_path " + directory.resolve("proxy") + ";",
                "  fastcgi_temp_path " + directory.resolve("fastcgi") + ";",
                "  uwsgi_temp_path " + directory.resolve("uwsgi") + ";",
                "  scgi_temp_path " + directory.resolve("scgi") + ";",
                "  server {",
                "    listen 127.0.0.1:" + port + ";",
                "    location / {",
                "      proxy_pass http://unix:" + unixSocket + ":/;",
                "      proxy_connect_timeout 5s;",
                "      proxy_read_timeout 10s;",
                "    }",
                "  }",
                "}",
                "");
    }

    public int port() {
        return port;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** Its error log, for failure messages. */
    public String errorLog() {
        try {
            Path log = directory.resolve("error.log");
            return Files.isRegularFile(log) ? Files.readString(log) : "(no error.log)";
        } catch (IOException e) {
            return "(error.log unreadable: " + e + ")";
        }
    }

    private void awaitAccepting() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (SocketChannel probe = SocketChannel.open(address())) {
                return;
            } catch (ConnectException notYet) {
                Thread.sleep(50);
            }
        }
        String output = Files.readString(directory.resolve("stdout.log"));
        close();
        throw new IllegalStateException("nginx did not accept on 127.0.0.1:" + port + " within " + START_TIMEOUT_MILLIS + " ms"
                + (process.isAlive() ? "" : " (exit " + process.exitValue() + ")") + "; output: " + output + "; error.log: " + errorLog());
    }

    /** Stops nginx (SIGTERM: fast shutdown) and removes its directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
