package io.loopshift.sample.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The proxy's selectable upstream clients, one per JDK API that loopshift rewrites. */
public enum UpstreamKind {
    SOCKET, CHANNEL, ASYNC, HTTPCLIENT;

    public static UpstreamKind parse(String text) {
        for (UpstreamKind kind : values()) {
            if (kind.key().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        return null;
    }

    public static String keys() {
        return Arrays.stream(values()).map(UpstreamKind::key).collect(Collectors.joining("|"));
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    UpstreamClient create(InetSocketAddress upstream, int timeoutMillis) throws IOException {
        return switch (this) {
            case SOCKET -> new SocketUpstream(upstream, timeoutMillis);
            case CHANNEL -> new ChannelUpstream(upstream, timeoutMillis);
            case ASYNC -> new AsyncUpstream(upstream, timeoutMillis);
            case HTTPCLIENT -> new HttpClientUpstream(upstream, timeoutMillis);
        };
    }

    /** The User-Agent the proxy sends with this client; HttpClient keeps its own (Java-http-client/version). */
    String userAgent() {
        return this == HTTPCLIENT ? null : "loopshift-sample-proxy/" + key();
    }
}
