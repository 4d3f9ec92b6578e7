package io.loopshift.sample.proxy;

import io.loopshift.sample.http.HttpRequest;
import io.loopshift.sample.http.HttpResponse;

/**
 * Sends one request over a new connection and closes it once the whole response has arrived:
 * connection per request, the proxy side closing first. Thread-safe.
 */
public interface UpstreamClient extends AutoCloseable {

    HttpResponse exchange(HttpRequest request) throws Exception;

    @Override
    default void close() {
    }
}
