package io.loopshift.sample.backend;

import io.loopshift.sample.http.Header;
import io.loopshift.sample.http.HttpBytes;
import io.loopshift.sample.http.HttpRequest;
import io.loopshift.sample.http.HttpResponse;
import io.loopshift.sample.http.HttpStreams;
import io.loopshift.sample.stats.Json;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves one accepted connection: answers each request, then waits for the next one until the
 * client closes. The backend never closes first, even after {@code Connection: close}: the side
 * that closes first keeps the TIME_WAIT, and it must be the proxy's side, as with nginx closing its
 * upstream connections, because that is what exhausts the proxy's ports.
 */
final class BackendConnection implements Runnable {
    private final SocketChannel channel;
    private final Transport transport;
    private final String peer;
    private final String local;
    private final BackendStats stats;

    BackendConnection(SocketChannel channel, Transport transport, String peer, String local, BackendStats stats) {
        this.channel = channel;
        this.transport = transport;
        this.peer = peer;
        this.local = local;
        this.stats = stats;
    }

    @Override
    public void run() {
        try (SocketChannel open = channel;
             InputStream in = new BufferedInputStream(Channels.newInputStream(open));
             OutputStream out = Channels.newOutputStream(open)) {
            HttpRequest request;
            while ((request = HttpStreams.readRequest(in)) != null) {
                stats.request(request.header("User-Agent"));
                out.write(HttpBytes.of(answer(request)));
            }
        } catch (IOException clientWentAway) {
            // A reset or a half-sent request: nothing to answer, and the counts already hold the connection.
        }
    }

    private HttpResponse answer(HttpRequest request) {
        List<Header> extra = new ArrayList<>();
        if (Header.asksToClose(request.headers())) {
            // Announce the close the client asked for, but leave the closing to the client (see class comment).
            extra.add(new Header("Connection", "close"));
        }
        Header[] headers = extra.toArray(new Header[0]);
        if (request.target().equals("/stats")) {
            return HttpResponse.text(200, "OK", "application/json", stats.json(), headers);
        }
        Map<String, Object> hello = new LinkedHashMap<>();
        hello.put("hello", "from the loopshift sample backend");
        hello.put("transport", transport.key());
        hello.put("peer", peer);
        hello.put("local", local);
        return HttpResponse.text(200, "OK", "application/json", Json.object(hello), headers);
    }
}
