package io.loopshift.sample.scenario;

import java.nio.file.Path;
import java.util.Locale;

/** What the proxy's JVM gets: no agent, or the agent with one route for the backend's address. */
public enum RouteMode {
    NONE(null),
    /** Bind each upstream connection to the next of 254 source addresses: 254 times the ports. */
    SOURCE("127.0.1.0/24"),
    /** Connect to the next of 254 destination addresses (the backend listens on all of them). */
    DEST("127.0.0.0/24"),
    /** Connect to the backend's Unix socket instead: no ports at all. */
    UNIX(null);

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

    /** The {@code loopshift.routes} value for a backend on 127.0.0.1:{@code backendPort}, or null without the agent. */
    String route(int backendPort, String pool, Path unixSocket) {
        String match = "127.0.0.1:" + backendPort + "->";
        return switch (this) {
            case NONE -> null;
            case SOURCE -> match + "source:" + pool;
            case DEST -> match + "dest:" + pool;
            case UNIX -> match + "unix:" + unixSocket;
        };
    }
}
