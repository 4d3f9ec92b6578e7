package io.loopshift.sample.backend;

import io.loopshift.sample.cli.HostPort;
import io.loopshift.sample.cli.Options;
import io.loopshift.sample.cli.ServiceLifetime;
import io.loopshift.sample.cli.UsageException;
import io.loopshift.sample.stats.SummaryLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;

/** {@code backend [--listen host:port] [--unix /path/app.sock]}: runs the backend until stopped, then prints its counts. */
public final class BackendCommand {
    public static final String USAGE = "backend [--listen 127.0.0.1:8081] [--unix /abs/path/backend.sock] [--max-seconds N] [--until-stdin-closes]";
    private static final Logger LOG = LoggerFactory.getLogger(BackendCommand.class);

    private BackendCommand() {
    }

    public static int run(String[] args) throws UsageException, IOException, InterruptedException {
        Options options = Options.parse("backend", args, Set.of("listen", "unix", ServiceLifetime.MAX_SECONDS),
                Set.of(ServiceLifetime.UNTIL_STDIN_CLOSES));
        HostPort listen = options.hostPort("listen", "127.0.0.1:8081");
        Path unixPath = options.has("unix") ? Paths.get(options.string("unix", null)).toAbsolutePath() : null;
        ServiceLifetime lifetime = ServiceLifetime.from(options);
        BackendStats stats = new BackendStats();
        BackendServer server = BackendServer.start(listen, unixPath, stats);
        LOG.info("backend listening on tcp {}{}; counts on GET /stats", server.tcpAddress(),
                unixPath == null ? "" : " and unix " + unixPath);
        System.out.println(new SummaryLine("READY").add("service", "backend")
                .add("tcp", server.tcpAddress().getAddress().getHostAddress() + ":" + server.tcpAddress().getPort())
                .add("unix", unixPath == null ? "none" : unixPath));
        lifetime.runUntilStopped(() -> {
            try {
                server.close();
            } catch (IOException ignored) {
                // Stopping anyway; the counts below are what matters.
            }
            System.out.println(stats.summary());
            System.out.println("BACKEND_STATS " + stats.json());
        });
        return 0;
    }
}
