package io.loopshift.sample.proxy;

import io.loopshift.sample.cli.HostPort;
import io.loopshift.sample.http.HttpBytes;
import io.loopshift.sample.http.HttpRequest;
import io.loopshift.sample.http.HttpResponse;
import io.loopshift.sample.http.HttpStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The proxy's client side: a blocking listener, thread per client connection, keep-alive (so the
 * load generator's few connections never exhaust anything). {@link #STATS_PATH} is answered here,
 * every other request goes upstream.
 */
final class ProxyServer implements AutoCloseable {
    static final String STATS_PATH = "/_proxy/stats";
    private static final Logger LOG = LoggerFactory.getLogger(ProxyServer.class);

    private final ServerSocket listener;
    private final UpstreamForwarder forwarder;
    private final ProxyStats stats;
    private final ExecutorService clients = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "proxy-client");
        thread.setDaemon(true);
        return thread;
    });

    private ProxyServer(ServerSocket listener, UpstreamForwarder forwarder, ProxyStats stats) {
        this.listener = listener;
        this.forwarder = forwarder;
        this.stats = stats;
    }

    static ProxyServer start(HostPort listen, UpstreamForwarder forwarder, ProxyStats stats) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(listen.socketAddress(), 256);
        ProxyServer server = new ProxyServer(listener, forwarder, stats);
        Thread acceptor = new Thread(server::acceptLoop, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                clients.execute(() -> serve(client));
            } catch (IOException closedOrFailed) {
                if (!listener.isClosed()) {
                    LOG.warn("accept failed: {}", closedOrFailed.toString());
                }
            }
        }
    }

    private void serve(Socket client) {
        String clientAddress = client.getInetAddress().getHostAddress();
        try (client; InputStream in = new BufferedInputStream(client.getInputStream()); OutputStream out = client.getOutputStream()) {
            HttpRequest request;
            while ((request = HttpStreams.readRequest(in)) != null) {
                HttpResponse response = request.target().equals(STATS_PATH)
                        ? HttpResponse.text(200, "OK", "application/json", stats.json())
                        : forwarder.forward(request, clientAddress);
                out.write(HttpBytes.of(response));
                out.flush();
            }
        } catch (IOException clientWentAway) {
            // The client closed or reset its connection; nothing left to answer.
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        clients.shutdownNow();
    }
}
