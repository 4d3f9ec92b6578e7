package io.loopshift.agent.config;

import java.util.Locale;

/** {@code loopshift.fallback}: what a {@code unix:} route does when its socket is unavailable. */
public enum Fallback {
    /** Connect to the original TCP address instead, warning once per route. */
    TCP,
    /** Throw {@link java.net.ConnectException} naming the socket path and the route. */
    FAIL;

    static Fallback parse(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "tcp": return TCP;
            case "fail": return FAIL;
            default: return null;
        }
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
