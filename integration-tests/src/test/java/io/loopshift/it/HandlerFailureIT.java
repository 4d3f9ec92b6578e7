package io.loopshift.it;

import io.loopshift.it.apps.HandlerFailureCheck;
import io.loopshift.it.apps.TinyConnect;
import io.loopshift.it.support.ChildJvm;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A failure inside the agent's handlers is never silent: logged (the first with its stack trace,
 * then as a count), exposed in JMX, and reported by every test JVM, which fails the test that
 * started it. The failures are counted through the hooks class's public entry, as the agent counts
 * a connector's bug.
 */
class HandlerFailureIT {

    @Test
    void handlerFailuresAreLoggedExposedInJmxAndFailTheTest() throws Exception {
        ChildJvm jvm = ChildJvm.main(HandlerFailureCheck.class).withAgent("loopshift.routes", "127.0.0.1:5->source:127.0.1.0/24");
        AssertionError reported = assertThrows(AssertionError.class, jvm::run, "the child's report must fail the test");
        String message = reported.getMessage();
        assertTrue(message.contains("counted handler failures in this JVM (count=2 last=java.lang.IllegalStateException: second test failure)"), message);
        assertTrue(message.contains("[loopshift] WARN a bug inside the agent's socket handlers"), message);
        assertTrue(message.contains("java.lang.IllegalStateException: first test failure\n\tat "), "the first with its stack trace, " + message);
        assertTrue(message.contains("[loopshift] WARN 2 bugs inside the agent's socket handlers so far; the last: java.lang.IllegalStateException: second test failure"), message);
        assertTrue(message.contains("JMX handlerFailures=2 last=java.lang.IllegalStateException:_second_test_failure"), message);
    }

    @Test
    void aJvmWithoutFailuresPasses() throws Exception {
        ChildJvm.Result result = ChildJvm.main(TinyConnect.class).withAgent("loopshift.routes", "127.0.0.1:*->source:127.0.1.0/24").run();
        assertEquals(0, result.exitCode(), result.describe());
    }
}
