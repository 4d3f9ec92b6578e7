package io.loopshift.it;

import io.loopshift.it.apps.Ipv6DestinationCheck;
import io.loopshift.it.support.ChildJvm;
import io.loopshift.it.support.Netns;
import io.loopshift.it.support.Ports;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connects to [::1] under routes whose match covers it, in a private network namespace (where
 * loopback has ::1 once it is up). An IPv4 pool cannot serve ::1: {@code localhost->dest:} must
 * leave such a connect to later routes or to the JDK, and say so once at start-up; a
 * {@code unix:} route serves it. Without the fix, dest: rotated ::1 onto 127.0.0.x: a server there
 * took the connect instead of the one on ::1, and where nothing listened on 127.0.0.x the retry
 * on ::1 hung until the connect timeout.
 */
class Ipv6DestinationIT {

    private static ChildJvm.Result check(String routes, Object... args) throws Exception {
        Netns.assumeAvailable();
        return ChildJvm.main(Ipv6DestinationCheck.class)
                .withAgent("loopshift.routes", routes)
                .inNetns(Netns.Settings.wideRange())
                .args(args)
                .run();
    }

    @Test
    void localhostDestLeavesIpv6ToTheServerOnIpv6() throws Exception {
        int port = Ports.freePort();
        ChildJvm.Result result = check("localhost:" + port + "->dest:127.0.0.5/32", "decoy", port);
        assertEquals("ipv6", result.value("RESULT", "reached"), result.describe());
        assertTrue(result.output().contains("connects to [::1] are not rotated"), "the start-up warning, " + result.describe());
    }

    @Test
    void aRefusedIpv4AddressNeverTurnsAnIpv6ConnectIntoAHang() throws Exception {
        int port = Ports.freePort();
        ChildJvm.Result result = check("localhost:" + port + "->dest:127.0.0.6/32", "only-ipv6", port);
        assertEquals("ipv6", result.value("RESULT", "reached"), result.describe());
        assertEquals(0, result.exitCode(), result.describe());
    }

    @Test
    void anIpv4OnlySocketStillRefusesIpv6() throws Exception {
        int port = Ports.freePort();
        Netns.assumeAvailable();
        ChildJvm.Result result = ChildJvm.main(Ipv6DestinationCheck.class)
                .withAgent("loopshift.routes", "localhost:*->dest:127.0.0.0/28;[::1]:" + port + "->unix:/tmp/loopshift-unused.sock")
                .systemProperties("java.net.preferIPv4Stack", "true")
                .inNetns(Netns.Settings.wideRange())
                .args("ipv4-stack", port)
                .run();
        assertTrue(result.value("RESULT", "reached").startsWith("refused:"), result.describe());
        assertEquals(0, result.exitCode(), result.describe());
    }

    @Test
    void unixServesIpv6Destinations() throws Exception {
        int port = Ports.freePort();
        Path socket = Ports.socketDirectory().resolve("six.sock");
        ChildJvm.Result result = check("localhost:" + port + "->dest:127.0.0.0/28;[::1]:" + port + "->unix:" + socket, "unix", port, socket);
        assertTrue(result.output().contains("RESULT reached=unix local=0:0:0:0:0:0:0:1"), result.describe());
        assertEquals(0, result.exitCode(), result.describe());
    }
}
