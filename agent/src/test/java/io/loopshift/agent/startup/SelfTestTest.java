package io.loopshift.agent.startup;

import io.loopshift.agent.connect.ConnectRouter;
import org.junit.jupiter.api.Test;

import java.io.FileDescriptor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The self-test brings its own handler, so the router that serves every loopback connect for the
 * life of the JVM carries no self-test state.
 */
class SelfTestTest {

    @Test
    void theRouterKeepsNoSelfTestState() {
        List<String> threadFields = new ArrayList<>();
        for (Field field : ConnectRouter.class.getDeclaredFields()) {
            if (field.getType() == Thread.class || field.getName().toLowerCase().contains("probe")) {
                threadFields.add(field.getName());
            }
        }
        assertEquals(List.of(), threadFields, "fields the router would read on every connect for a start-up check");
    }

    @Test
    void theProbeEndsOnlyItsOwnThreadsConnect() throws Throwable {
        SelfTest.Probe probe = new SelfTest.Probe(Thread.currentThread(), null);
        MethodHandle handler = probe.asHandle();
        AtomicInteger other = new AtomicInteger(-1);
        Thread elsewhere = new Thread(() -> {
            try {
                other.set((int) handler.invokeExact(true, new FileDescriptor(), InetAddress.getLoopbackAddress(), 1));
            } catch (Throwable unexpected) {
                other.set(-2);
            }
        });
        elsewhere.start();
        elsewhere.join();
        assertEquals(0, other.get(), "another thread's connect goes to the JDK");
        assertFalse(probe.reached());
        assertEquals(-2, (int) handler.invokeExact(true, new FileDescriptor(), InetAddress.getLoopbackAddress(), 1),
                "the probe's own connect is left in progress");
        assertTrue(probe.reached());
    }

    @Test
    void whileTheTestRunsOtherThreadsConnectsReachTheHandlerThatFollowsIt() throws Throwable {
        MethodHandle router = MethodHandles.lookup().findStatic(SelfTestTest.class, "routed",
                MethodType.methodType(int.class, boolean.class, FileDescriptor.class, InetAddress.class, int.class));
        MethodHandle handler = new SelfTest.Probe(Thread.currentThread(), router).asHandle();
        AtomicInteger other = new AtomicInteger(-1);
        Thread elsewhere = new Thread(() -> {
            try {
                other.set((int) handler.invokeExact(true, new FileDescriptor(), InetAddress.getLoopbackAddress(), 5432));
            } catch (Throwable unexpected) {
                other.set(-2);
            }
        });
        elsewhere.start();
        elsewhere.join();
        assertEquals(5432 + 1, other.get(), "another thread's connect went to the router");
    }

    private static int routed(boolean preferIPv6, FileDescriptor fd, InetAddress remote, int port) {
        return port + 1;
    }

    @Test
    void withoutTheHookTheSelfTestFailsAndLeavesTheFollowingHandlerInTheSlot() throws Exception {
        List<MethodHandle> slotHistory = new ArrayList<>();
        MethodHandle after = MethodHandles.constant(int.class, 0);
        // No instrumentation in this JVM: the probe connect reaches the kernel (port 1, refused).
        assertFalse(SelfTest.hookReached(slotHistory::add, after));
        assertEquals(2, slotHistory.size());
        assertSame(after, slotHistory.get(1));
    }
}
