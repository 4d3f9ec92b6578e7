package io.loopshift.it.config;

import io.loopshift.it.apps.ClientApi;
import io.loopshift.it.apps.ConnectCheck;
import io.loopshift.it.support.ChildJvm;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Routes from the environment and from a configuration file reach a real JVM's connects, and a
 * stronger source wins: the server sees the source addresses of the route that applies.
 */
class ConfigSourcesIT {
    private static final int CONNECTIONS = 6;

    private static ChildJvm connects() {
        return ChildJvm.main(ConnectCheck.class).args(ClientApi.SOCKET, CONNECTIONS, "127.0.0.1", "127.0.0.1");
    }

    private static void assertPeers(ChildJvm.Result result, String prefix, String origin) {
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(CONNECTIONS, result.number("RESULT", "ok"), result.describe());
        assertTrue(result.value("SERVER", "peer_sample").startsWith(prefix), result.describe());
        assertTrue(result.output().contains(origin), result.describe());
    }

    @Test
    void routesFromTheEnvironment() throws Exception {
        ChildJvm.Result result = connects().withAgent("loopshift.log", "info")
                .environment("LOOPSHIFT_ROUTES", "127.0.0.1:*->source:127.0.1.0/24").run();
        assertPeers(result, "127.0.1.", "settings: log from -Dloopshift.log, routes from LOOPSHIFT_ROUTES");
    }

    @Test
    void routesFromAConfigurationFile() throws Exception {
        Path file = Files.createTempFile("loopshift", ".conf");
        try {
            Files.writeString(file, "# every local port\n127.0.0.1:*->source:127.0.3.0/24\nlog=info\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            ChildJvm.Result result = connects().withAgentArguments("config=" + file).run();
            assertPeers(result, "127.0.3.", "routes from file " + file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aSystemPropertyWinsOverTheEnvironment() throws Exception {
        ChildJvm.Result result = connects().withAgent("loopshift.routes", "127.0.0.1:*->source:127.0.2.0/24", "loopshift.log", "info")
                .environment("LOOPSHIFT_ROUTES", "127.0.0.1:*->source:127.0.1.0/24").run();
        assertPeers(result, "127.0.2.", "routes from -Dloopshift.routes");
    }

    @Test
    void withoutAnySourceNothingIsRewritten() throws Exception {
        ChildJvm.Result result = connects().withAgent().run();
        assertPeers(result, "127.0.0.1", "no loopshift.routes or loopshift.listen given");
    }
}
