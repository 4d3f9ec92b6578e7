package io.loopshift.sample.proxy;

import io.loopshift.sample.http.Header;
import io.loopshift.sample.http.HttpRequest;
import io.loopshift.sample.http.HttpResponse;
import io.loopshift.sample.stats.ErrorKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a client's request into an upstream one (Host of the upstream, {@code Connection: close},
 * as nginx sends by default), sends it through the upstream client and relays the answer. A failed
 * exchange becomes a 502 whose {@code X-Upstream-Error} header names the kind, e.g. EADDRNOTAVAIL.
 */
final class UpstreamForwarder {
    static final String ERROR_HEADER = "X-Upstream-Error";
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamForwarder.class);
    /** Hop-by-hop headers (RFC 9110 section 7.6.1) and the ones this proxy sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "host", "content-length", "user-agent");

    private final UpstreamClient client;
    private final UpstreamKind kind;
    private final String upstreamHost;
    private final ProxyStats stats;

    UpstreamForwarder(UpstreamClient client, UpstreamKind kind, InetSocketAddress upstream, ProxyStats stats) {
        this.client = client;
        this.kind = kind;
        this.upstreamHost = upstream.getHostString() + ":" + upstream.getPort();
        this.stats = stats;
    }

    HttpResponse forward(HttpRequest incoming, String clientAddress) {
        stats.requestStarted();
        try {
            HttpResponse upstream = client.exchange(upstreamRequest(incoming, clientAddress));
            stats.succeeded();
            return relay(upstream);
        } catch (Exception failure) {
            String errorKind = ErrorKind.of(failure);
            if (stats.failed(errorKind)) {
                LOG.warn("first upstream failure of kind {} ({} client): {}", errorKind, kind.key(), failure.toString());
            }
            return HttpResponse.text(502, "Bad Gateway", "text/plain",
                    "upstream " + upstreamHost + " failed: " + errorKind + " (" + failure + ")\n",
                    new Header(ERROR_HEADER, errorKind));
        }
    }

    private HttpRequest upstreamRequest(HttpRequest incoming, String clientAddress) {
        List<Header> headers = new ArrayList<>();
        headers.add(new Header("Host", upstreamHost));
        // A new connection per request, closed by the proxy after the response: nginx's default upstream behaviour.
        headers.add(new Header("Connection", "close"));
        if (kind.userAgent() != null) {
            headers.add(new Header("User-Agent", kind.userAgent()));
        }
        headers.add(new Header("X-Forwarded-For", clientAddress));
        for (Header header : incoming.headers()) {
            if (!NOT_FORWARDED.contains(header.name().toLowerCase(Locale.ROOT))) {
                headers.add(header);
            }
        }
        return new HttpRequest(incoming.method(), incoming.target(), headers, incoming.body());
    }

    private HttpResponse relay(HttpResponse upstream) {
        List<Header> headers = new ArrayList<>();
        for (Header header : upstream.headers()) {
            if (!NOT_FORWARDED.contains(header.name().toLowerCase(Locale.ROOT))) {
                headers.add(header);
            }
        }
        headers.add(new Header("X-Upstream-Client", kind.key()));
        return new HttpResponse(upstream.status(), upstream.reason().isEmpty() ? reasonFor(upstream.status()) : upstream.reason(), headers, upstream.body());
    }

    /** HttpClient does not expose the reason phrase; these are the ones the backend sends. */
    private static String reasonFor(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            default -> "Status " + status;
        };
    }
}
