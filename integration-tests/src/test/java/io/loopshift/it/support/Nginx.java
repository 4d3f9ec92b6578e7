package io.loopshift.it.support;

import io.loopshift.sample.nginx.NginxProxy;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * Real nginx (the distribution's binary) as a reverse proxy in front of a Unix socket, started by
 * the sample app's {@link NginxProxy}: as the current user, from a generated configuration in a
 * temporary directory, no daemon, no master process. Where nginx is not installed the calling test
 * is skipped with the reason, unless {@code LOOPSHIFT_REQUIRE_NGINX=1} (set by .ci/run, which
 * installs it), where it fails instead.
 */
public final class Nginx implements AutoCloseable {
    public static final String REQUIRE_VARIABLE = "LOOPSHIFT_REQUIRE_NGINX";
    private static final long START_TIMEOUT_MILLIS = 20_000;

    private final NginxProxy proxy;
    private final int port;

    private Nginx(NginxProxy proxy, int port) {
        this.proxy = proxy;
        this.port = port;
    }

    /** Skips the calling test (or fails it under CI) when nginx is not installed. */
    public static void assumeInstalled() {
        if (NginxProxy.binary() != null) {
            return;
        }
        String reason = "nginx is not installed (" + NginxProxy.HOW_TO_INSTALL + ")";
        if ("1".equals(System.getenv(REQUIRE_VARIABLE))) {
            throw new AssertionError(REQUIRE_VARIABLE + "=1 but " + reason);
        }
        Assumptions.abort(reason);
    }

    /** Starts nginx on a free 127.0.0.1 port with {@code proxy_pass http://unix:<socket>:/}, and waits until it accepts. */
    public static Nginx proxyingTo(Path unixSocket) throws IOException, InterruptedException {
        int port = Ports.freePort();
        Nginx nginx = new Nginx(NginxProxy.start(NginxProxy.binary(), port, "unix:" + unixSocket, line -> { }), port);
        if (!nginx.proxy.awaitAccepting(START_TIMEOUT_MILLIS)) {
            String log = nginx.errorLog();
            nginx.close();
            throw new IllegalStateException("nginx did not accept on 127.0.0.1:" + port + " within " + START_TIMEOUT_MILLIS + " ms; error.log:\n" + log);
        }
        return nginx;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** Its error log (one line per failed upstream connection), for assertions and failure messages. */
    public String errorLog() {
        return String.join("\n", proxy.errorLog());
    }

    /** Stops nginx (SIGTERM: fast shutdown) and removes its directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        proxy.stop();
    }
}
