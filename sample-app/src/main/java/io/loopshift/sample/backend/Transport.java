package io.loopshift.sample.backend;

import java.util.Locale;

/** How a connection reached the backend. */
public enum Transport {
    TCP, UNIX;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
