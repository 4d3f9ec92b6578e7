package io.loopshift.agent.netty;

import io.loopshift.agent.log.CapturedLog;
import io.loopshift.agent.netty.odd.io.netty.channel.epoll.LinuxSocket;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Netty whose event loop cannot be found is never passed over silently. */
class NettyBacklogRetriesTest {

    static void ignore(Throwable bug) {
    }

    private static MethodHandle ignoringSink() throws ReflectiveOperationException {
        return MethodHandles.lookup().findStatic(NettyBacklogRetriesTest.class, "ignore", MethodType.methodType(void.class, Throwable.class));
    }

    @Test
    void aNettyWithoutThreadExecutorMapIsCountedAndWarnedOnce() throws Exception {
        NettyBacklogRetries retries = new NettyBacklogRetries(ignoringSink());
        try (CapturedLog log = new CapturedLog()) {
            assertFalse(retries.canDefer(new LinuxSocket()), "no event loop to retry on");
            assertFalse(retries.canDefer(new LinuxSocket()));
            assertEquals(2, retries.connectsWithoutRetries());
            List<String> warnings = log.lines("ThreadExecutorMap");
            assertEquals(1, warnings.size(), "warned once: " + warnings);
            String warning = warnings.get(0);
            assertTrue(warning.startsWith("[loopshift] WARN io.loopshift.agent.netty.odd.io.netty.util.internal.ThreadExecutorMap was not found for "
                    + LinuxSocket.class.getName()), warning);
            assertTrue(warning.contains("waits at most 10 ms") && warning.contains("NettyConnectsWithoutBacklogRetries"), warning);
        }
    }
}
