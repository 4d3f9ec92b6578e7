package io.loopshift.it;

import io.loopshift.it.apps.ClientApi;
import io.loopshift.it.apps.ConnectCheck;
import io.loopshift.it.support.ChildJvm;
import io.loopshift.it.support.Netns;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The product's promise, shown in a private network namespace whose ephemeral range holds 50
 * ports and tcp_tw_reuse=0: 2,000 sequential connections to a server on 127.0.0.1 exhaust the
 * range without the agent (EADDRNOTAVAIL), and succeed with zero errors with {@code source:}
 * or {@code dest:} rotation, for Socket, SocketChannel and AsynchronousSocketChannel.
 */
class ExhaustionIT {
    private static final int CONNECTIONS = 2000;
    private static final Netns.Settings FIFTY_PORTS = Netns.Settings.ports(50);

    @BeforeEach
    void needsNamespace() {
        Netns.assumeAvailable();
    }

    @ParameterizedTest
    @EnumSource(value = ClientApi.class, names = {"SOCKET", "CHANNEL", "ASYNC_FUTURE"})
    void withoutTheAgentTheRangeRunsOut(ClientApi api) throws Exception {
        ChildJvm.Result result = ChildJvm.main(ConnectCheck.class)
                .inNetns(FIFTY_PORTS)
                .args(api, CONNECTIONS, "127.0.0.1", "127.0.0.1")
                .run();
        System.out.println("no agent, " + api + ": " + result.line("RESULT") + " | " + result.line("SERVER"));
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.number("RESULT", "eaddrnotavail") > CONNECTIONS / 2, result.describe());
        assertTrue(result.number("RESULT", "ok") <= 50, result.describe());
    }

    @ParameterizedTest
    @EnumSource(value = ClientApi.class, names = {"SOCKET", "CHANNEL", "ASYNC_FUTURE"})
    void sourceRotationMakesEveryConnectionSucceed(ClientApi api) throws Exception {
        ChildJvm.Result result = ChildJvm.main(ConnectCheck.class)
                .inNetns(FIFTY_PORTS)
                .withAgent("loopshift.routes", "127.0.0.1:*->source:127.0.0.0/24")
                .args(api, CONNECTIONS, "127.0.0.1", "127.0.0.1")
                .run();
        System.out.println("source:, " + api + ": " + result.line("RESULT") + " | " + result.line("SERVER"));
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(CONNECTIONS, result.number("RESULT", "ok"), result.describe());
        assertEquals(0, result.number("RESULT", "errors"), result.describe());
        assertTrue(result.number("SERVER", "peers") >= 40, result.describe());
    }

    @ParameterizedTest
    @EnumSource(value = ClientApi.class, names = {"SOCKET", "CHANNEL", "ASYNC_FUTURE"})
    void destRotationMakesEveryConnectionSucceed(ClientApi api) throws Exception {
        ChildJvm.Result result = ChildJvm.main(ConnectCheck.class)
                .inNetns(FIFTY_PORTS)
                .withAgent("loopshift.routes", "127.0.0.1:*->dest:127.0.0.0/24")
                .args(api, CONNECTIONS, "0.0.0.0", "127.0.0.1")
                .run();
        System.out.println("dest:, " + api + ": " + result.line("RESULT") + " | " + result.line("SERVER"));
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(CONNECTIONS, result.number("RESULT", "ok"), result.describe());
        assertEquals(0, result.number("RESULT", "errors"), result.describe());
        assertTrue(result.number("SERVER", "locals") >= 40, result.describe());
    }
}
