package io.loopshift.sample.proxy;

import io.loopshift.sample.cli.HostPort;
import io.loopshift.sample.cli.Options;
import io.loopshift.sample.cli.ServiceLifetime;
import io.loopshift.sample.cli.UsageException;
import io.loopshift.sample.stats.SummaryLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Set;

/** {@code proxy --upstream host:port --client kind}: runs the reverse proxy until stopped, then prints its counts. */
public final class ProxyCommand {
    public static final String USAGE = "proxy [--listen 127.0.0.1:8080] [--upstream 127.0.0.1:8081] [--client " + UpstreamKind.keys()
            + "] [--timeout-ms 5000] [--max-seconds N] [--until-stdin-closes]";
    private static final Logger LOG = LoggerFactory.getLogger(ProxyCommand.class);

    private ProxyCommand() {
    }

    public static int run(String[] args) throws UsageException, IOException, InterruptedException {
        Options options = Options.parse("proxy", args, Set.of("listen", "upstream", "client", "timeout-ms", ServiceLifetime.MAX_SECONDS),
                Set.of(ServiceLifetime.UNTIL_STDIN_CLOSES));
        HostPort listen = options.hostPort("listen", "127.0.0.1:8080");
        HostPort upstream = options.hostPort("upstream", "127.0.0.1:8081");
        UpstreamKind kind = UpstreamKind.parse(options.string("client", "socket"));
        if (kind == null) {
            throw new UsageException("proxy: --client '" + options.string("client", "") + "' is not one of " + UpstreamKind.keys());
        }
        int timeoutMillis = options.integer("timeout-ms", 5000, 100, 600_000);
        ServiceLifetime lifetime = ServiceLifetime.from(options);
        ProxyStats stats = new ProxyStats(kind);
        UpstreamClient client = kind.create(upstream.socketAddress(), timeoutMillis);
        ProxyServer server = ProxyServer.start(listen, new UpstreamForwarder(client, kind, upstream.socketAddress(), stats), stats);
        LOG.info("proxy listening on {}, a new {} connection to {} per request; counts on GET {}",
                server.address(), kind.key(), upstream, ProxyServer.STATS_PATH);
        System.out.println(new SummaryLine("READY").add("service", "proxy")
                .add("tcp", server.address().getAddress().getHostAddress() + ":" + server.address().getPort())
                .add("client", kind.key()));
        lifetime.runUntilStopped(() -> {
            try {
                server.close();
            } catch (IOException ignored) {
                // Stopping anyway; the counts below are what matters.
            }
            client.close();
            System.out.println(stats.summary());
        });
        return 0;
    }
}
