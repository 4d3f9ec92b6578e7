package io.loopshift.it;

import io.loopshift.it.apps.ClientApi;
import io.loopshift.it.apps.ConnectCheck;
import io.loopshift.it.support.ChildJvm;
import io.loopshift.it.support.Jdk;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every client API, in a JVM started with the agent: {@code source:} must make the server see
 * rotated peer addresses, {@code dest:} must make it be reached on rotated local addresses, and
 * without a matching route nothing changes. The server records addresses, so these tests fail
 * when rotation does not happen even if every connect succeeds.
 */
class RotationIT {
    private static final int CONNECTIONS = 12;

    @ParameterizedTest
    @EnumSource(ClientApi.class)
    void sourceRotationGivesTheServerDistinctPeers(ClientApi api) throws Exception {
        assumeSupported(api);
        ChildJvm.Result result = ChildJvm.main(ConnectCheck.class)
                .withAgent("loopshift.routes", "127.0.0.1:*->source:127.0.1.0/24")
                .args(api, CONNECTIONS, "127.0.0.1", "127.0.0.1")
                .run();
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(CONNECTIONS, result.number("RESULT", "ok"), result.describe());
        assertEquals(CONNECTIONS, result.number("SERVER", "peers"), result.describe());
        assertTrue(result.value("SERVER", "peer_sample").startsWith("127.0.1."), result.describe());
    }

    @ParameterizedTest
    @EnumSource(ClientApi.class)
    void destRotationReachesTheServerOnDistinctAddresses(ClientApi api) throws Exception {
        assumeSupported(api);
        ChildJvm.Result result = ChildJvm.main(ConnectCheck.class)
                .withAgent("loopshift.routes", "127.0.0.1:*->dest:127.0.2.0/24")
                .args(api, CONNECTIONS, "0.0.0.0", "127.0.0.1")
                .run();
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(CONNECTIONS, result.number("RESULT", "ok"), result.describe());
        assertEquals(CONNECTIONS, result.number("SERVER", "locals"), result.describe());
        assertTrue(result.value("SERVER", "local_sample").startsWith("127.0.2."), result.describe());
    }

    @ParameterizedTest
    @EnumSource(ClientApi.class)
    void connectsThatMatchNoRouteAreUntouched(ClientApi api) throws Exception {
        assumeSupported(api);
        ChildJvm.Result result = ChildJvm.main(ConnectCheck.class)
                .withAgent("loopshift.routes", "127.0.0.1:1-2->source:127.0.1.0/24, 127.0.0.9:*->dest:127.0.2.0/24")
                .args(api, CONNECTIONS, "0.0.0.0", "127.0.0.1")
                .run();
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(CONNECTIONS, result.number("RESULT", "ok"), result.describe());
        assertEquals("127.0.0.1", result.value("SERVER", "peer_sample"), result.describe());
        assertEquals("127.0.0.1", result.value("SERVER", "local_sample"), result.describe());
    }

    /** An ignore route keeps the server's ports (all of 1024-65535) out of the wildcard after it; without it they rotate (above). */
    @ParameterizedTest
    @EnumSource(value = ClientApi.class, names = {"SOCKET", "CHANNEL_NONBLOCKING"})
    void ignoreRouteExcludesPortsFromALaterWildcard(ClientApi api) throws Exception {
        ChildJvm.Result result = ChildJvm.main(ConnectCheck.class)
                .withAgent("loopshift.routes", "127.0.0.1:1024-65535->ignore,127.0.0.1:*->source:127.0.1.0/24", "loopshift.log", "info")
                .args(api, CONNECTIONS, "127.0.0.1", "127.0.0.1")
                .run();
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(CONNECTIONS, result.number("RESULT", "ok"), result.describe());
        assertEquals("127.0.0.1", result.value("SERVER", "peer_sample"), result.describe());
        assertEquals(1, result.number("SERVER", "peers"), result.describe());
        assertTrue(result.output().contains("#1 127.0.0.1:1024-65535 -> left untouched"), result.describe());
    }

    static void assumeSupported(ClientApi api) {
        assumeTrue(!api.needsVirtualThreads() || Jdk.hasVirtualThreads(), "virtual threads need JDK 21+, this is " + Jdk.feature());
    }
}
