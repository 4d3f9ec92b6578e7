package io.loopshift.it;

import io.loopshift.it.apps.ClientApi;
import io.loopshift.it.apps.ConnectCheck;
import io.loopshift.it.apps.FaultCheck;
import io.loopshift.it.apps.IsolationCheck;
import io.loopshift.it.apps.LoadCheck;
import io.loopshift.it.other.CoexistenceCheck;
import io.loopshift.it.other.OtherAgent;
import io.loopshift.it.support.ChildJvm;
import io.loopshift.it.support.Jdk;
import io.loopshift.it.support.Netns;
import io.loopshift.it.support.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent runs inside someone else's JVM: what it must leave alone, the faults it must survive,
 * load it must carry without leaking, and the agents and libraries it must live beside.
 */
class HardeningIT {
    private static final String CATCH_ALL_SOURCE = "localhost:*->source:127.0.1.0/24";

    // ---- isolation ----

    @ParameterizedTest
    @ValueSource(strings = {CATCH_ALL_SOURCE, "localhost:*->dest:127.0.2.0/24"})
    void udpIsNeverRewritten(String routes) throws Exception {
        assertPasses(ChildJvm.main(IsolationCheck.class).withAgent("loopshift.routes", routes).args("udp").run(), "udp");
    }

    @Test
    void serverSocketsAndSocketsTheApplicationBoundAreLeftAlone() throws Exception {
        assertPasses(ChildJvm.main(IsolationCheck.class).withAgent("loopshift.routes", CATCH_ALL_SOURCE).args("server-and-bound").run(), "server-and-bound");
    }

    @Test
    void connectionsToNonLoopbackAddressesAreUntouched() throws Exception {
        Netns.assumeAvailable();
        ChildJvm.Result result = ChildJvm.main(IsolationCheck.class)
                .inNetns(Netns.Settings.wideRange().withSetup("ip addr add 10.77.0.1/32 dev lo"))
                .withAgent("loopshift.routes", CATCH_ALL_SOURCE + ", 127.0.0.0/8:*->dest:127.0.2.0/24")
                .args("non-loopback", "10.77.0.1")
                .run();
        assertPasses(result, "non-loopback");
        assertEquals("10.77.0.1", result.value("SERVER", "peer_sample"), result.describe());
    }

    @Test
    void theKillSwitchLeavesTheJvmUntouched() throws Exception {
        ChildJvm.Result result = ChildJvm.main(IsolationCheck.class)
                .withAgent("loopshift.routes", CATCH_ALL_SOURCE, "loopshift.enabled", "false")
                .args("kill-switch")
                .run();
        assertPasses(result, "kill-switch");
        assertEquals("127.0.0.1", result.value("SERVER", "peer_sample"), result.describe());
        assertTrue(!result.output().contains("[loopshift]"), result.describe());
    }

    @Test
    void theHooksClassIsJavaBasesAndTheApplicationGainsNoAccess() throws Exception {
        ChildJvm.Result result = ChildJvm.main(IsolationCheck.class).withAgent("loopshift.routes", CATCH_ALL_SOURCE).args("java-base-access").run();
        assertPasses(result, "java-base-access");
        assertTrue(result.value("SERVER", "peer_sample").startsWith("127.0.1."), result.describe());
    }

    @Test
    void theAgentOpensNoListeningSocketAndWritesNoFile() throws Exception {
        Path tmp = Files.createTempDirectory("loopshift-tmp");
        Path work = Files.createTempDirectory("loopshift-cwd");
        ChildJvm.Result result = ChildJvm.main(IsolationCheck.class)
                .jvmOption("-Djava.io.tmpdir=" + tmp)
                .jvmOption("-XX:-UsePerfData")
                .directory(work)
                .withAgent("loopshift.routes", CATCH_ALL_SOURCE + "; 127.0.0.1:9->unix:/tmp/loopshift-absent.sock")
                .args("no-listener-no-files", tmp)
                .run();
        assertPasses(result, "no-listener-no-files");
    }

    // ---- faults ----

    @Test
    void withFallbackTcpAUnixServerRestartFailsNoRequest() throws Exception {
        ChildJvm.Result result = unixRestart("tcp");
        assertEquals(0, result.number("RESULT", "errors"), result.describe());
        assertTrue(result.number("SERVER", "connections") > 0, "no request fell back to TCP:\n" + result.describe());
        assertTrue(result.number("RESULT", "ok_after_restart") > 0, result.describe());
    }

    @Test
    void withFallbackFailOnlyTheGapFailsWithAClearException() throws Exception {
        ChildJvm.Result result = unixRestart("fail");
        assertTrue(result.number("RESULT", "errors") > 0, "the stop caused no failure:\n" + result.describe());
        assertEquals(0, result.number("RESULT", "wrong_errors"), result.describe());
        assertEquals(0, result.number("SERVER", "connections"), "a request went over TCP:\n" + result.describe());
        assertTrue(result.number("RESULT", "ok_after_restart") > 0, "nothing succeeded after the restart:\n" + result.describe());
        assertTrue(result.value("RESULT", "first_error").contains("loopshift.fallback=fail"), result.describe());
    }

    private static ChildJvm.Result unixRestart(String fallback) throws Exception {
        Path socket = Ports.socketDirectory().resolve("restart.sock");
        int port = Ports.freePort();
        ChildJvm.Result result = ChildJvm.main(FaultCheck.class)
                .withAgent("loopshift.routes", "127.0.0.1:" + port + "->unix:" + socket, "loopshift.fallback", fallback)
                .args(socket, port)
                .run();
        assertEquals(0, result.exitCode(), result.describe());
        return result;
    }

    @ParameterizedTest
    @EnumSource(value = ClientApi.class, names = {"SOCKET", "CHANNEL_NONBLOCKING", "ASYNC_FUTURE"})
    void aRotatedDestinationThatRefusesFallsBackToTheOriginal(ClientApi api) throws Exception {
        ChildJvm.Result result = ChildJvm.main(ConnectCheck.class)
                .withAgent("loopshift.routes", "127.0.0.1:*->dest:127.0.2.0/24")
                .args(api, 20, "127.0.0.1", "127.0.0.1")
                .run();
        assertEquals(20, result.number("RESULT", "ok"), result.describe());
        assertEquals(0, result.number("RESULT", "errors"), result.describe());
        assertEquals(1, result.output().split("refused but 127.0.0.1:", -1).length - 1, "one warning:\n" + result.describe());
    }

    @Test
    void runningOutOfEveryPoolAddressGivesTheKernelsErrorNotAHang() throws Exception {
        Netns.assumeAvailable();
        long start = System.nanoTime();
        ChildJvm.Result result = ChildJvm.main(ConnectCheck.class)
                .inNetns(Netns.Settings.ports(50))
                .withAgent("loopshift.routes", "127.0.0.1:*->source:127.0.1.1-127.0.1.2")
                .args(ClientApi.SOCKET, 300, "127.0.0.1", "127.0.0.1")
                .timeoutSeconds(60)
                .run();
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals(0, result.exitCode(), result.describe());
        // 2 addresses x 50 ports, less the port the test's own server took from the same range.
        long ok = result.number("RESULT", "ok");
        assertTrue(ok >= 98 && ok <= 100, "2 addresses x 50 ports:\n" + result.describe());
        assertEquals(300 - ok, result.number("RESULT", "eaddrnotavail"), result.describe());
        assertTrue(seconds < 30, "took " + seconds + " s");
    }

    // ---- load ----

    @ParameterizedTest
    @ValueSource(strings = {"source", "dest", "unix"})
    void sixtyFourThreadsForThirtySecondsLeakNothing(String action) throws Exception {
        Netns.assumeAvailable();
        Path socket = Ports.socketDirectory().resolve("load.sock");
        ChildJvm jvm = ChildJvm.main(LoadCheck.class).inNetns(Netns.Settings.wideRange()).timeoutSeconds(180);
        switch (action) {
            case "source": jvm.withAgent("loopshift.routes", "127.0.0.1:*->source:127.0.1.0/24").args(64, 30, "127.0.0.1"); break;
            case "dest": jvm.withAgent("loopshift.routes", "127.0.0.1:*->dest:127.0.2.0/24").args(64, 30, "0.0.0.0"); break;
            default: jvm.withAgent("loopshift.routes", "127.0.0.1:3000->unix:" + socket, "loopshift.fallback", "fail").args(64, 30, "-", socket, 3000); break;
        }
        ChildJvm.Result result = jvm.run();
        assertEquals(0, result.exitCode(), result.describe());
        System.out.println(action + ": " + result.output().lines().filter(line -> line.startsWith("LOAD")).findFirst().orElse(""));
        assertTrue(result.number("LOAD", "ok") > 10_000, result.describe());
        assertEquals(0, result.number("LOAD", "errors"), result.describe());
        assertEquals(0, result.number("LOAD", "non_kernel_errors"), result.describe());
        assertTrue(result.number("LOAD", "fds_after") <= result.number("LOAD", "fds_before"), "descriptors grew:\n" + result.describe());
        long heapGrowthKb = result.number("LOAD", "heap_after_kb") - result.number("LOAD", "heap_before_kb");
        assertTrue(heapGrowthKb < 8 * 1024, "heap after GC grew by " + heapGrowthKb + " KB:\n" + result.describe());
    }

    // ---- coexistence ----

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void anotherByteBuddyAgentAndTheApplicationsOwnByteBuddyBothKeepWorking(boolean otherAgentFirst) throws Exception {
        Path otherAgent = otherAgentJar();
        ChildJvm jvm = ChildJvm.main(CoexistenceCheck.class).classPath(applicationByteBuddy());
        if (Jdk.feature() >= 24) {
            jvm.jvmOption("-Dnet.bytebuddy.experimental=true");
        }
        if (otherAgentFirst) {
            jvm.jvmOption("-javaagent:" + otherAgent).withAgent("loopshift.routes", CATCH_ALL_SOURCE);
        } else {
            jvm.withAgent("loopshift.routes", CATCH_ALL_SOURCE).jvmOption("-javaagent:" + otherAgent);
        }
        ChildJvm.Result result = jvm.run();
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals("made_by_the_app's_Byte_Buddy", result.value("APP", "generated"), result.describe());
        assertEquals("false/false", result.value("APP", "sees_loopshift"), "the application can see loopshift's classes:\n" + result.describe());
        assertEquals("seen", result.value("APP", "other_socket"), "the other agent's Socket advice did not run:\n" + result.describe());
        assertEquals("seen", result.value("APP", "other_net"), "the other agent's Net advice did not run:\n" + result.describe());
        assertEquals(10, result.number("SERVER", "peers"), "loopshift's rotation did not run:\n" + result.describe());
    }

    private static String[] applicationByteBuddy() throws IOException {
        Path libs = Paths.get(System.getProperty("loopshift.app.libs"));
        try (Stream<Path> jars = Files.list(libs)) {
            return jars.map(Path::toString).toArray(String[]::new);
        }
    }

    /** A jar holding only the other agent's classes, with its manifest. */
    private static Path otherAgentJar() throws IOException {
        Path jar = Files.createTempFile("other-agent", ".jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", OtherAgent.class.getName());
        manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        Path classes = ChildJvm.testClasses();
        Path otherPackage = classes.resolve(OtherAgent.class.getPackageName().replace('.', '/'));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.list(otherPackage)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.getFileName().toString().startsWith("OtherAgent"))::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString()));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static void assertPasses(ChildJvm.Result result, String scenario) {
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(result.output().contains("PASS " + scenario), result.describe());
    }
}
