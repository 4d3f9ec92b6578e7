package io.loopshift.it;

import io.loopshift.it.apps.ConcurrentRedirectCheck;
import io.loopshift.it.support.ChildJvm;
import io.loopshift.it.support.Ports;
import org.junit.jupiter.api.RepeatedTest;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The report that found a lost-entry race in the table of redirected sockets, replayed as a user
 * ran it: 40 threads open 5,000 Sockets at once through a {@code unix:} route and keep them
 * open; every one must answer {@code getLocalAddress()} with loopback. Before the fix most runs
 * had a few sockets answering with an AF_UNIX address misread as IPv4, so it runs three times.
 */
class ConcurrentRedirectIT {
    private static final int THREADS = 40;
    private static final int SOCKETS = 5_000;

    @RepeatedTest(3)
    void everyConcurrentlyRedirectedSocketAnswersLoopback() throws Exception {
        Path socket = Ports.socketDirectory().resolve("many.sock");
        int port = Ports.freePort();
        ChildJvm.Result result = ChildJvm.main(ConcurrentRedirectCheck.class)
                .withAgent("loopshift.routes", "127.0.0.1:" + port + "->unix:" + socket, "loopshift.fallback", "fail")
                .args(socket, port, THREADS, SOCKETS)
                .timeoutSeconds(240)
                .run();
        System.out.println(result.line("RESULT"));
        assertEquals(SOCKETS, result.number("RESULT", "loopback"), result.describe());
        assertEquals(0, result.exitCode(), result.describe());
    }
}
