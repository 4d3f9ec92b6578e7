package io.loopshift.it.listen.servers;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/** Jetty with its standard {@code ServerConnector} (a ServerSocketChannel) and a core handler. */
public final class JettyApp {
    public static void main(String[] args) throws Exception {
        int port = ServerApps.port(args);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(ServerApps.BIND_ADDRESS);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                Content.Sink.write(response, true, ServerApps.answer("jetty", Request.getRemoteAddr(request)), callback);
                return true;
            }
        });
        server.start();
        ServerApps.servedUntilStopped("jetty", port);
    }
}
