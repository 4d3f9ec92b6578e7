package io.loopshift.sample.proxy;

import io.loopshift.sample.http.HttpBytes;
import io.loopshift.sample.http.HttpRequest;
import io.loopshift.sample.http.HttpResponse;
import io.loopshift.sample.http.HttpStreams;

import java.io.BufferedInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/** {@code socket}: blocking {@link java.net.Socket}, one per request. */
final class SocketUpstream implements UpstreamClient {
    private final InetSocketAddress upstream;
    private final int timeoutMillis;

    SocketUpstream(InetSocketAddress upstream, int timeoutMillis) {
        this.upstream = upstream;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public HttpResponse exchange(HttpRequest request) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(upstream, timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            socket.getOutputStream().write(HttpBytes.of(request));
            return HttpStreams.readResponse(new BufferedInputStream(socket.getInputStream()));
        }
    }
}
