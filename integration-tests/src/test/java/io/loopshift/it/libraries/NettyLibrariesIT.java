package io.loopshift.it.libraries;

import io.loopshift.it.support.ChildJvm;
import io.loopshift.it.support.Netns;
import io.loopshift.it.support.Ports;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The promise for applications whose connections Netty's native epoll transport makes:
 * gRPC-java (grpc-netty-shaded), Reactor Netty's HttpClient and Lettuce, unmodified and on their
 * default Linux transport, in a fresh JVM each, against a real server of their protocol.
 * <ul>
 *   <li>{@code unix:}: 200 new connections to 127.0.0.1:port, where nothing listens, all reach
 *       the server on its Unix socket; without the agent every one is refused.</li>
 *   <li>{@code source:} and {@code dest:}: in a namespace whose ephemeral range holds 50 ports,
 *       150 connections held open at once all succeed, from (or to) many loopback addresses;
 *       without the agent the range runs out at 50.</li>
 * </ul>
 * Each run also shows, by class name, that the library's channel really was an epoll channel.
 */
class NettyLibrariesIT {
    private static final int NEW_CONNECTIONS = 200;
    private static final int HELD_CONNECTIONS = 150;
    private static final Netns.Settings FIFTY_PORTS = Netns.Settings.ports(50);
    /** The servers' port inside the namespace: outside its ephemeral range, so the server takes none of the 50. */
    private static final int NAMESPACE_PORT = 7000;

    /** Each library, its checker, and the class its connections must be made by. */
    enum Library {
        GRPC_NETTY_SHADED(GrpcCheck.class, "io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel"),
        REACTOR_NETTY_HTTP(ReactorNettyCheck.class, "io.netty.channel.epoll.EpollSocketChannel"),
        LETTUCE(LettuceCheck.class, "io.netty.channel.epoll.EpollSocketChannel");

        private final Class<?> check;
        private final String epollChannel;

        Library(Class<?> check, String epollChannel) {
            this.check = check;
            this.epollChannel = epollChannel;
        }

        ChildJvm jvm() throws IOException {
            return ChildJvm.main(check).classPath(libraries()).timeoutSeconds(240);
        }

        /** The transport is the library's own epoll: by class name, and for gRPC also by the frame that read its response. */
        void assertEpoll(ChildJvm.Result result, boolean exchanged) {
            assertEquals("true", result.value("TRANSPORT", "epoll_available"), result.describe());
            assertEquals(epollChannel, result.value("TRANSPORT", "channel"), result.describe());
            if (this == GRPC_NETTY_SHADED && exchanged) {
                String epollPackage = epollChannel.substring(0, epollChannel.lastIndexOf('.') + 1);
                assertTrue(result.value("TRANSPORT", "read_by").startsWith(epollPackage), result.describe());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Library.class)
    void aUnixRouteCarriesEveryNewConnectionToTheUnixSocket(Library library) throws Exception {
        ChildJvm.Result result = newConnectionsToAUnixOnlyServer(library, true);
        assertEquals(0, result.exitCode(), result.describe());
        library.assertEpoll(result, true);
        assertEquals(NEW_CONNECTIONS, result.number("RESULT", "ok"), result.describe());
        assertEquals(0, result.number("RESULT", "errors"), result.describe());
        assertEquals(NEW_CONNECTIONS, result.number("SERVER", "connections"), result.describe());
        assertEquals("unix", result.value("SERVER", "kinds"), result.describe());
    }

    @ParameterizedTest
    @EnumSource(Library.class)
    void withoutTheAgentNothingAnswersOnTheTcpPort(Library library) throws Exception {
        ChildJvm.Result result = newConnectionsToAUnixOnlyServer(library, false);
        assertEquals(0, result.exitCode(), result.describe());
        library.assertEpoll(result, false);
        assertEquals(0, result.number("RESULT", "ok"), result.describe());
        assertEquals(NEW_CONNECTIONS, result.number("RESULT", "errors"), result.describe());
        assertEquals("{Connection_refused=" + NEW_CONNECTIONS + "}", result.value("RESULT", "causes"), result.describe());
        assertEquals(0, result.number("SERVER", "connections"), result.describe());
    }

    @ParameterizedTest
    @EnumSource(Library.class)
    void sourceRotationHoldsThreeTimesTheRange(Library library) throws Exception {
        ChildJvm.Result result = heldWithAgent(library, "source:127.0.0.0/24", "127.0.0.1");
        assertTrue(result.number("SERVER", "peers") > 50, "the connections did not come from many source addresses:\n" + result.describe());
    }

    @ParameterizedTest
    @EnumSource(Library.class)
    void destRotationHoldsThreeTimesTheRange(Library library) throws Exception {
        ChildJvm.Result result = heldWithAgent(library, "dest:127.0.0.0/24", "0.0.0.0");
        assertTrue(result.number("SERVER", "locals") > 50, "the connections did not go to many destination addresses:\n" + result.describe());
    }

    @ParameterizedTest
    @EnumSource(Library.class)
    void withoutTheAgentTheRangeRunsOutAtFifty(Library library) throws Exception {
        Netns.assumeAvailable();
        ChildJvm.Result result = library.jvm()
                .inNetns(FIFTY_PORTS)
                .args("held", HELD_CONNECTIONS, "127.0.0.1", NAMESPACE_PORT)
                .run();
        print("no agent, 50 ports, " + library, result);
        assertEquals(0, result.exitCode(), result.describe());
        library.assertEpoll(result, true);
        long ok = result.number("RESULT", "ok");
        assertTrue(ok >= 40 && ok <= 50, "expected the range to run out at about 50 connections:\n" + result.describe());
        assertEquals(HELD_CONNECTIONS - ok, result.number("RESULT", "errors"), result.describe());
        assertTrue(result.value("RESULT", "causes").contains("Cannot_assign_requested_address"), result.describe());
    }

    /** 200 new connections to 127.0.0.1:port, where nothing listens, with or without a unix: route to the server's socket. */
    private static ChildJvm.Result newConnectionsToAUnixOnlyServer(Library library, boolean withAgent) throws Exception {
        Path socket = Ports.socketDirectory().resolve("server.sock");
        int port = Ports.freePort();
        ChildJvm jvm = library.jvm().args("unix", NEW_CONNECTIONS, socket, port);
        if (withAgent) {
            jvm.withAgent("loopshift.routes", "127.0.0.1:" + port + "->unix:" + socket, "loopshift.fallback", "fail");
        }
        ChildJvm.Result result = jvm.run();
        print((withAgent ? "unix:, " : "no agent, unix server, ") + library, result);
        return result;
    }

    /** 150 connections held at once in the 50-port namespace with this route action, the server bound to {@code bind}: all must succeed. */
    private static ChildJvm.Result heldWithAgent(Library library, String action, String bind) throws Exception {
        Netns.assumeAvailable();
        ChildJvm.Result result = library.jvm()
                .inNetns(FIFTY_PORTS)
                .withAgent("loopshift.routes", "127.0.0.1:" + NAMESPACE_PORT + "->" + action)
                .args("held", HELD_CONNECTIONS, bind, NAMESPACE_PORT)
                .run();
        print(action + ", " + library, result);
        assertEquals(0, result.exitCode(), result.describe());
        library.assertEpoll(result, true);
        assertEquals(HELD_CONNECTIONS, result.number("RESULT", "ok"), result.describe());
        assertEquals(0, result.number("RESULT", "errors"), result.describe());
        assertEquals(HELD_CONNECTIONS, result.number("SERVER", "connections"), result.describe());
        assertEquals("tcp", result.value("SERVER", "kinds"), result.describe());
        return result;
    }

    private static void print(String what, ChildJvm.Result result) {
        System.out.println(what + ": " + result.line("TRANSPORT") + " | " + result.line("RESULT") + " | " + result.line("SERVER"));
    }

    /**
     * The libraries' jars and everything they pull, copied by the build (see this module's pom),
     * less Netty's io_uring jars: this module has them for NettyEpollIT, none of these libraries
     * brings them, and Reactor Netty prefers io_uring when it finds it on the class path.
     */
    private static String[] libraries() throws IOException {
        Path directory = Paths.get(System.getProperty("loopshift.netty.libs", "target/netty-libs"));
        try (Stream<Path> jars = Files.list(directory)) {
            return jars.map(Path::toString).filter(jar -> !jar.contains("io_uring")).sorted().toArray(String[]::new);
        }
    }
}
