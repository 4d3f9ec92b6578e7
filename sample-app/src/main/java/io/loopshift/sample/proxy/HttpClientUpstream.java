package io.loopshift.sample.proxy;

import io.loopshift.sample.http.Header;
import io.loopshift.sample.http.HttpRequest;
import io.loopshift.sample.http.HttpResponse;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code httpclient}: one shared {@link HttpClient} (HTTP/1.1; its default would try an h2c
 * upgrade), made to open a connection per request. It pools connections unless a response says
 * {@code Connection: close} (jdk.internal.net.http.HttpConnection#closeOrReturnToCache, JDK 17
 * and 25), so the request asks for close and the backend answers with it. Sending that header
 * needs {@code jdk.httpclient.allowRestrictedHeaders=connection}, read once when the client's
 * internals load, hence set before the first client is built. A new HttpClient per request would
 * also work but leaks a selector thread per client until GC on JDK 17 (no close() before 21).
 */
final class HttpClientUpstream implements UpstreamClient {
    static final String RESTRICTED_HEADERS_PROPERTY = "jdk.httpclient.allowRestrictedHeaders";
    /** Headers HttpClient sets itself and refuses from callers. */
    private static final Set<String> CLIENT_OWNED = Set.of("host", "content-length", "expect", "upgrade", "connection");

    private final URI base;
    private final Duration timeout;
    private final HttpClient client;

    HttpClientUpstream(InetSocketAddress upstream, int timeoutMillis) {
        allowConnectionHeader();
        this.base = URI.create("http://" + upstream.getHostString() + ":" + upstream.getPort());
        this.timeout = Duration.ofMillis(timeoutMillis);
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        // Fails now, not per request, if the property came too late to let "Connection" through.
        java.net.http.HttpRequest.newBuilder(base).header("Connection", "close");
    }

    private static void allowConnectionHeader() {
        String current = System.getProperty(RESTRICTED_HEADERS_PROPERTY, "");
        if (!current.toLowerCase(Locale.ROOT).contains("connection")) {
            System.setProperty(RESTRICTED_HEADERS_PROPERTY, current.isEmpty() ? "connection" : current + ",connection");
        }
    }

    @Override
    public HttpResponse exchange(HttpRequest request) throws Exception {
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(base.resolve(request.target()))
                .timeout(timeout)
                .method(request.method(), request.body().length == 0
                        ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofByteArray(request.body()))
                .header("Connection", "close");
        for (Header header : request.headers()) {
            if (!CLIENT_OWNED.contains(header.name().toLowerCase(Locale.ROOT))) {
                builder.header(header.name(), header.value());
            }
        }
        java.net.http.HttpResponse<byte[]> response = client.send(builder.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        List<Header> headers = new ArrayList<>();
        for (Map.Entry<String, List<String>> entry : response.headers().map().entrySet()) {
            if (!entry.getKey().equalsIgnoreCase("content-length") && !entry.getKey().startsWith(":")) {
                for (String value : entry.getValue()) {
                    headers.add(new Header(entry.getKey(), value));
                }
            }
        }
        return new HttpResponse(response.statusCode(), "", headers, response.body());
    }

    @Override
    public void close() {
        // HttpClient is AutoCloseable from JDK 21 on; on 17 its threads end with the process.
        if (client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // Shutting down.
            }
        }
    }
}
