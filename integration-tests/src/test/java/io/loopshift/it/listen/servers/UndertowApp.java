package io.loopshift.it.listen.servers;

import io.undertow.Undertow;
import io.undertow.util.Headers;

/** Undertow (XNIO: a non-blocking ServerSocketChannel with a Selector) with one handler. */
public final class UndertowApp {
    public static void main(String[] args) throws Exception {
        int port = ServerApps.port(args);
        Undertow server = Undertow.builder()
                .addHttpListener(port, ServerApps.BIND_ADDRESS)
                .setHandler(exchange -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                    exchange.getResponseSender().send(ServerApps.answer("undertow", ServerApps.host(exchange.getSourceAddress())));
                })
                .build();
        server.start();
        ServerApps.servedUntilStopped("undertow", port);
    }
}
