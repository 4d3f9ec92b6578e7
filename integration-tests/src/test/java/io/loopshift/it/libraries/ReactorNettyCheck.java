package io.loopshift.it.libraries;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.DomainSocketAddress;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Reactor Netty's {@code HttpClient} (Spring WebFlux's WebClient underneath), which runs on epoll
 * on Linux because reactor-netty-http brings the native transport, against a Reactor Netty HTTP
 * server. A new connection per request comes from the server answering {@code Connection: close}
 * to the default pooled client; held connections are streaming responses the server keeps open.
 * Arguments as {@link LibraryCheck}.
 */
public final class ReactorNettyCheck extends LibraryCheck {
    private volatile String channel = "none";
    private final HttpClient pooled = HttpClient.create().doOnChannelInit((observer, made, remote) -> channel = made.getClass().getName());
    private final HttpClient unpooled = HttpClient.newConnection().doOnChannelInit((observer, made, remote) -> channel = made.getClass().getName());

    private ReactorNettyCheck() {
    }

    public static void main(String[] args) throws Exception {
        new ReactorNettyCheck().run(args);
    }

    @Override
    Server unixServer(Path path) throws Exception {
        Files.deleteIfExists(path);
        return start(new DomainSocketAddress(path.toString()));
    }

    @Override
    Server tcpServer(String bind, int port) {
        return start(new InetSocketAddress(bind, port));
    }

    private static Server start(SocketAddress address) {
        Addresses addresses = new Addresses();
        Sinks.Empty<Void> release = Sinks.empty();
        DisposableServer server = HttpServer.create()
                .bindAddress(() -> address)
                .doOnConnection(connection -> addresses.connection(connection.channel().remoteAddress(), connection.channel().localAddress()))
                .route(routes -> routes
                        .get("/echo", (request, response) -> response.keepAlive(false).sendString(Mono.just("ok")))
                        .get("/hold", (request, response) -> response.sendString(Flux.concat(Mono.just("ready\n"), release.asMono().then(Mono.just("bye\n"))))))
                .bindNow(Duration.ofSeconds(20));
        return new Server() {
            @Override
            public Addresses addresses() {
                return addresses;
            }

            @Override
            public void close() {
                release.tryEmitEmpty();
                server.disposeNow(Duration.ofSeconds(10));
            }
        };
    }

    @Override
    void exchangeOnNewConnection(int port) {
        String body = pooled.get().uri("http://127.0.0.1:" + port + "/echo")
                .responseSingle((response, content) -> response.status().code() == 200
                        ? content.asString()
                        : Mono.error(new IllegalStateException("HTTP " + response.status())))
                .block(Duration.ofSeconds(30));
        if (!"ok".equals(body)) {
            throw new IllegalStateException("the server answered '" + body + "'");
        }
    }

    @Override
    AutoCloseable holdConnection(int port) throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        Disposable response = unpooled.get().uri("http://127.0.0.1:" + port + "/hold")
                .responseContent().asString()
                .subscribe(first::complete, first::completeExceptionally, () -> first.complete("(ended)"));
        try {
            String chunk = first.get(30, TimeUnit.SECONDS);
            if (!chunk.startsWith("ready")) {
                throw new IllegalStateException("the server's first chunk was '" + chunk + "'");
            }
        } catch (ExecutionException failure) {
            response.dispose();
            throw failure.getCause() instanceof Exception cause ? cause : failure;
        } catch (Exception failure) {
            response.dispose();
            throw failure;
        }
        return response::dispose;
    }

    @Override
    String transport() {
        return "epoll_available=" + Epoll.isAvailable() + " channel=" + channel;
    }

    @Override
    void shutdown() {
        // Reactor Netty's default event loops are daemon threads.
    }
}
