package io.loopshift.it.listen;

import io.loopshift.it.listen.servers.ServerApps;
import io.loopshift.it.listen.servers.TomcatApp;
import io.loopshift.it.support.ChildJvm;
import io.loopshift.it.support.Nginx;
import io.loopshift.it.support.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The promise, tried as a new user would: real, unmodified servers started in a fresh JVM
 * with only {@code -javaagent} and {@code -Dloopshift.listen=127.0.0.1:<port>->unix:<path>} answer
 * every one of {@value #CONNECTIONS} new connections made straight to the Unix socket and every one
 * of {@value #CONNECTIONS} requests through real nginx proxying to it, report 127.0.0.1 as the
 * remote address, and leave their TCP port closed. Without the agent (the negative control) the
 * same server is on TCP only: the socket does not exist and nginx answers 502.
 */
class ListenServersIT {
    static final int CONNECTIONS = 300;

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void answersOnItsUnixSocketDirectlyAndThroughNginxWithItsTcpPortClosed(ServerKind kind) throws Exception {
        Path socket = Ports.socketDirectory().resolve("app.sock");
        int port = Ports.freePort();
        ChildJvm.Running server = server(kind, port)
                .withAgent("loopshift.listen", ServerApps.BIND_ADDRESS + ":" + port + "->unix:" + socket)
                .start();
        try {
            server.awaitOutput("READY server=" + kind.key(), 60);
            assertTrue(Files.exists(socket), "the listen rule created " + socket + "\n" + server.output());
            int direct = answered(UnixDomainSocketAddress.of(socket), kind, server);
            System.out.println(kind.key() + ": " + direct + " of " + CONNECTIONS + " new connections to " + socket + " answered, remote 127.0.0.1");
            assertEquals(CONNECTIONS, direct, server.output());
            assertTcpRefuses(port, server);

            Nginx.assumeInstalled();
            try (Nginx nginx = Nginx.proxyingTo(socket)) {
                int proxied = answered(nginx.address(), kind, server);
                System.out.println(kind.key() + ": " + proxied + " of " + CONNECTIONS + " requests through nginx (proxy_pass http://unix:" + socket + ":/) answered");
                assertEquals(CONNECTIONS, proxied, "nginx error.log:\n" + nginx.errorLog() + "\nserver:\n" + server.output());
            }
            assertTcpRefuses(port, server);
        } finally {
            server.stop();
        }
    }

    /**
     * Spring Boot's default: Tomcat bound to the wildcard address, moved by a {@code *} rule whose path
     * names the port ({@code %p}), so one rule serves every port of the JVM.
     */
    @Test
    void tomcatOnTheWildcardAddressMovesWithAStarRule() throws Exception {
        Path directory = Ports.socketDirectory();
        int port = Ports.freePort();
        Path socket = directory.resolve(port + ".sock");
        ChildJvm.Running server = ChildJvm.main(TomcatApp.class).classPath(serverLibraries()).args(port, "wildcard")
                .withAgent("loopshift.listen", "*:*->unix:" + directory.resolve("%p.sock"))
                .start();
        try {
            server.awaitOutput("READY server=tomcat", 60);
            int direct = answered(UnixDomainSocketAddress.of(socket), ServerKind.TOMCAT, server);
            System.out.println("tomcat on *:" + port + ": " + direct + " of " + CONNECTIONS + " new connections to " + socket + " answered");
            assertEquals(CONNECTIONS, direct, server.output());
            assertTcpRefuses(port, server);
        } finally {
            server.stop();
        }
    }

    @ParameterizedTest
    @EnumSource(ServerKind.class)
    void withoutTheAgentTheServerIsOnTcpAndNginxAnswers502(ServerKind kind) throws Exception {
        Path socket = Ports.socketDirectory().resolve("app.sock");
        int port = Ports.freePort();
        ChildJvm.Running server = server(kind, port).start();
        try {
            server.awaitOutput("READY server=" + kind.key(), 60);
            assertFalse(Files.exists(socket), "no agent, no socket file\n" + server.output());
            HttpProbe.Response direct = HttpProbe.get(UnixDomainSocketAddress.of(socket));
            assertEquals(-1, direct.status(), "nothing listens on " + socket + ": " + direct.body());
            HttpProbe.Response overTcp = HttpProbe.get(new InetSocketAddress(ServerApps.BIND_ADDRESS, port));
            assertTrue(overTcp.ok() && overTcp.body().contains(ServerApps.answer(kind.key(), "127.0.0.1")),
                    "the server itself works, on TCP: " + overTcp + "\n" + server.output());

            Nginx.assumeInstalled();
            try (Nginx nginx = Nginx.proxyingTo(socket)) {
                for (int i = 0; i < 10; i++) {
                    HttpProbe.Response proxied = HttpProbe.get(nginx.address());
                    assertEquals(502, proxied.status(), "nginx cannot reach a socket nobody listens on: " + proxied.body());
                }
                assertTrue(nginx.errorLog().contains(socket.toString()), "nginx names the missing socket:\n" + nginx.errorLog());
            }
        } finally {
            server.stop();
        }
    }

    /** A JVM running the server's application: its class path is the test classes and the server's jars, nothing else. */
    private static ChildJvm server(ServerKind kind, int port) {
        return ChildJvm.main(kind.application()).classPath(serverLibraries()).timeoutSeconds(300).args(port);
    }

    private static String[] serverLibraries() {
        Path libs = Paths.get(System.getProperty("loopshift.server.libs", "target/server-libs"));
        try (Stream<Path> jars = Files.list(libs)) {
            return jars.filter(jar -> jar.toString().endsWith(".jar")).map(Path::toString).sorted().toArray(String[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException("no server jars in " + libs + " (run the tests with Maven, which copies them)", e);
        }
    }

    /** How many of {@value #CONNECTIONS} requests, each on a new connection, got 200 with the loopback remote address. */
    private static int answered(SocketAddress address, ServerKind kind, ChildJvm.Running server) throws IOException {
        int ok = 0;
        String firstFailure = null;
        for (int i = 0; i < CONNECTIONS; i++) {
            HttpProbe.Response response = HttpProbe.get(address);
            if (response.ok() && response.body().contains(ServerApps.answer(kind.key(), "127.0.0.1"))) {
                ok++;
            } else if (firstFailure == null) {
                firstFailure = "request " + (i + 1) + ": status " + response.status() + ", " + response.body();
            }
        }
        if (firstFailure != null) {
            System.out.println(kind.key() + " via " + address + ": first failure: " + firstFailure);
        }
        return ok;
    }

    private static void assertTcpRefuses(int port, ChildJvm.Running server) throws IOException {
        try (SocketChannel tcp = SocketChannel.open(new InetSocketAddress(ServerApps.BIND_ADDRESS, port))) {
            fail("127.0.0.1:" + port + " accepted a TCP connection: the listen rule must leave the TCP port closed\n" + server.output());
        } catch (ConnectException refused) {
            // As promised: nothing listens on the TCP port.
        }
    }
}
