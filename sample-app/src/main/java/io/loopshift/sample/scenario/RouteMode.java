package io.loopshift.sample.scenario;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the agent goes and what it is told: nowhere; into the proxy's JVM with one route for the
 * backend's address; or ({@code listen}) into the backend's JVM with one listen rule, so the backend
 * listens on a Unix socket instead of its TCP port and the proxy (nginx) connects there.
 */
public enum RouteMode {
    NONE(null),
    /** Bind each upstream connection to the next of 254 source addresses: 254 times the ports. */
    SOURCE("127.0.1.0/24"),
    /** Connect to the next of 254 destination addresses (the backend listens on all of them). */
    DEST("127.0.0.0/24"),
    /** Connect to the backend's Unix socket instead: no ports at all. */
    UNIX(null),
    /** The backend's JVM listens on a Unix socket instead of its TCP port ({@code loopshift.listen}); nginx proxies to it. */
    LISTEN(null);

    private final String defaultPool;

    RouteMode(String defaultPool) {
        this.defaultPool = defaultPool;
    }

    public static RouteMode parse(String text) {
        for (RouteMode mode : values()) {
            if (mode.key().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        return null;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean usesAgent() {
        return this != NONE;
    }

    String defaultPool() {
        return defaultPool;
    }

    /** True if the agent goes into the backend's JVM rather than the proxy's. */
    public boolean agentInBackend() {
        return this == LISTEN;
    }

    /** True if the proxy reaches the backend on its Unix socket. */
    public boolean upstreamIsUnix() {
        return this == UNIX || this == LISTEN;
    }

    /**
     * The {@code loopshift.routes} value (for the proxy) or {@code loopshift.listen} value (for the
     * backend, mode {@code listen}) for a backend on 127.0.0.1:{@code backendPort}, or null without the agent.
     */
    String route(int backendPort, String pool, Path unixSocket) {
        String match = "127.0.0.1:" + backendPort + "->";
        return switch (this) {
            case NONE -> null;
            case SOURCE -> match + "source:" + pool;
            case DEST -> match + "dest:" + pool;
            case UNIX, LISTEN -> match + "unix:" + unixSocket;
        };
    }
}
