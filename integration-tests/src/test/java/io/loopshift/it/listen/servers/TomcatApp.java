package io.loopshift.it.listen.servers;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import java.io.IOException;
import java.nio.file.Files;

/**
 * Embedded Tomcat with its default HTTP/1.1 NIO connector and one servlet, on 127.0.0.1; with a
 * second argument {@code wildcard}, on every address, as Spring Boot configures it by default.
 */
public final class TomcatApp {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        boolean wildcard = args.length > 1 && args[1].equals("wildcard");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(port);
        if (!wildcard) {
            connector.setProperty("address", ServerApps.BIND_ADDRESS);
        }
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "remote", new RemoteAddressServlet());
        context.addServletMappingDecoded("/*", "remote");
        tomcat.start();
        ServerApps.servedUntilStopped("tomcat", port);
    }

    /** Answers with {@code request.getRemoteAddr()}. */
    static final class RemoteAddressServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            response.getWriter().write(ServerApps.answer("tomcat", request.getRemoteAddr()));
        }
    }
}
