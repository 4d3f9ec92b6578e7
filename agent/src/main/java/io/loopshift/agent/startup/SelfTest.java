package io.loopshift.agent.startup;

import io.loopshift.agent.connect.ConnectRouter;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * Proves after installation that a real connect reaches the agent: a probe handler of its own
 * takes the hooks class's connect slot, a non-blocking SocketChannel connects to 127.0.0.1, and the
 * probe ends that connect as pending before any system call; the channel is closed. Connects of
 * other threads meanwhile go to the handler the slot holds after the test (the router), so the
 * test can run while the application does. The router never sees the self-test, so routed
 * connects pay nothing for it. If the hook did not take, the connect really happens (to port 1,
 * normally refused) and the test reports failure.
 */
public final class SelfTest {
    /** IOStatus.UNAVAILABLE: what {@code Net.connect} answers for a non-blocking connect under way. */
    private static final int IN_PROGRESS = -2;

    private SelfTest() {
    }

    /** The hooks class's connect slot, as the runtime fills it. */
    public interface ConnectSlot {
        void set(MethodHandle handler) throws ReflectiveOperationException;
    }

    /**
     * Runs the probe connect with the probe in the slot, and leaves {@code after} there.
     *
     * @param after the slot's handler once the test is done, which other threads' connects meanwhile
     *              reach through the probe; null: the JDK's own connect
     */
    public static boolean hookReached(ConnectSlot slot, MethodHandle after) throws ReflectiveOperationException {
        Probe probe = new Probe(Thread.currentThread(), after);
        slot.set(probe.asHandle());
        try (SocketChannel channel = SocketChannel.open()) {
            // Non-blocking, so the probe can end the connect as "in progress" without an exception,
            // whose message the JDK would build with classes (SocketExceptions, Security) start-up needs not load.
            channel.configureBlocking(false);
            channel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1));
        } catch (IOException refused) {
            // The hook is missing: the kernel refused port 1.
        } finally {
            slot.set(after);
        }
        return probe.reached();
    }

    /** The connect handler during the self-test: ends the probe thread's connect, passes every other one on. */
    static final class Probe {
        private final Thread probeThread;
        /** Null: the JDK's own connect. */
        private final MethodHandle others;
        private volatile boolean reached;

        Probe(Thread probeThread, MethodHandle others) {
            this.probeThread = probeThread;
            this.others = others;
        }

        /** Same type as {@link ConnectRouter#onConnect}: 0 lets the JDK connect; the probe's own connect is left pending. */
        int onConnect(boolean preferIPv6, FileDescriptor fd, InetAddress remote, int port) throws Throwable {
            if (Thread.currentThread() != probeThread) {
                return others == null ? 0 : (int) others.invokeExact(preferIPv6, fd, remote, port);
            }
            reached = true;
            return IN_PROGRESS;
        }

        boolean reached() {
            return reached;
        }

        MethodHandle asHandle() throws ReflectiveOperationException {
            MethodType type = MethodType.methodType(int.class, boolean.class, FileDescriptor.class, InetAddress.class, int.class);
            return MethodHandles.lookup().findVirtual(Probe.class, "onConnect", type).bindTo(this);
        }
    }
}
