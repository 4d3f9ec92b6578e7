package io.loopshift.sample.nginx;

import io.loopshift.sample.process.ChildProcess;
import io.loopshift.sample.stats.SummaryLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * nginx in front of the backend, configured as the seed's reverse proxy: keep-alive connections
 * from clients, a new upstream connection per request (nginx's default, no upstream keepalive),
 * upstream over TCP ({@code proxy_pass http://127.0.0.1:port}) or a Unix socket
 * ({@code proxy_pass http://unix:/path:}). No daemon and no master process, so it never switches
 * to another user and every file it writes stays in its temporary directory.
 */
public final class NginxProxy {
    /** What to tell a user who has no nginx. */
    public static final String HOW_TO_INSTALL = "sudo apt-get install nginx-light (Debian/Ubuntu; any nginx on the PATH will do)";
    private static final List<String> SEARCHED = List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx");
    /** strerror(EADDRNOTAVAIL) as nginx logs it: "connect() to 127.0.0.1:18081 failed (99: Cannot assign requested address)". */
    private static final String EADDRNOTAVAIL_LOGGED = "(99: Cannot assign requested address)";

    private final ChildProcess process;
    private final Path directory;
    private final int port;
    private final String upstream;

    private NginxProxy(ChildProcess process, Path directory, int port, String upstream) {
        this.process = process;
        this.directory = directory;
        this.port = port;
        this.upstream = upstream;
    }

    /** The nginx binary on the PATH or where distributions put it, or null if there is none. */
    public static Path binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Paths.get(dir.isEmpty() ? "." : dir, "nginx");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return SEARCHED.stream().map(Paths::get).filter(Files::isExecutable).findFirst().orElse(null);
    }

    /**
     * Starts nginx on 127.0.0.1:{@code port}, proxying to {@code upstream}: {@code 127.0.0.1:18081}
     * or {@code unix:/abs/path.sock}. Its output goes to {@code relay}.
     */
    public static NginxProxy start(Path binary, int port, String upstream, Consumer<String> relay) throws IOException {
        Path directory = Files.createTempDirectory("loopshift-nginx");
        Path config = directory.resolve("nginx.conf");
        Files.writeString(config, config(directory, port, upstream), StandardCharsets.UTF_8);
        ChildProcess process = ChildProcess.start("nginx", List.of(binary.toString(), "-p", directory.toString(), "-c", config.toString(),
                "-e", directory.resolve("error.log").toString()), relay);
        return new NginxProxy(process, directory, port, upstream);
    }

    static String config(Path directory, int port, String upstream) {
        // Run as root (a private namespace maps the user to root), nginx would chown its temporary
        // directories to "nobody", which a user namespace does not map; naming root keeps them ours.
        boolean root = "root".equals(System.getProperty("user.name"));
        return String.join("\n",
                "daemon off;",
                "master_process off;",
                root ? "user root;" : "",
                "pid " + directory.resolve("nginx.pid") + ";",
                "error_log " + directory.resolve("error.log") + " error;",
                "events { worker_connections 4096; }",
                "http {",
                "  access_log off;",
                "  client_body_temp_path " + directory.resolve("client_body") + ";",
                "  proxy_temp_path " + directory.resolve("proxy") + ";",
                "  fastcgi_temp_path " + directory.resolve("fastcgi") + ";",
                "  uwsgi_temp_path " + directory.resolve("uwsgi") + ";",
                "  scgi_temp_path " + directory.resolve("scgi") + ";",
                // The load's keep-alive connections must stay open for the whole run: only the upstream side may churn.
                "  keepalive_requests 10000000;",
                "  keepalive_timeout 300s;",
                "  server {",
                "    listen 127.0.0.1:" + port + ";",
                "    location / {",
                "      proxy_pass http://" + upstream + (upstream.startsWith("unix:") ? ":/" : "") + ";",
                "      proxy_connect_timeout 5s;",
                "      proxy_read_timeout 10s;",
                "    }",
                "  }",
                "}",
                "");
    }

    /** Waits until nginx accepts on its port; false (its error log shown by the caller) if it ends or the time runs out first. */
    public boolean awaitAccepting(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (SocketChannel probe = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
                return true;
            } catch (ConnectException notYet) {
                Thread.sleep(50);
            } catch (IOException other) {
                return false;
            }
        }
        return false;
    }

    /** Stops nginx (SIGTERM: a fast shutdown), reads its counts and removes its directory. */
    public SummaryLine stop() throws IOException, InterruptedException {
        process.terminate();
        int exit = process.waitFor(10_000);
        List<String> errors = errorLog();
        long eaddrnotavail = errors.stream().filter(line -> line.contains(EADDRNOTAVAIL_LOGGED)).count();
        long upstreamErrors = errors.stream().filter(line -> line.contains("upstream")).count();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        return new SummaryLine("NGINX").add("upstream", upstream).add("upstream_errors", upstreamErrors)
                .add("eaddrnotavail", eaddrnotavail).add("exit", exit);
    }

    /** The lines of its error log (errors only: one per failed upstream connection). */
    public List<String> errorLog() {
        Path log = directory.resolve("error.log");
        try {
            return Files.isRegularFile(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
