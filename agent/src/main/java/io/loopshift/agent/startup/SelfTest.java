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
 * takes the hooks class's connect slot, a SocketChannel connects to 127.0.0.1, and the probe ends
 * that connect before any system call. Connects of other threads meanwhile go to the JDK
 * untouched. The router never sees the self-test, so routed connects pay nothing for it. If the
 * hook did not take, the connect really happens (to port 1, normally refused) and the test
 * reports failure.
 */
public final class SelfTest {
    private SelfTest() {
    }

    /** The hooks class's connect slot, as the runtime fills it. */
    public interface ConnectSlot {
        void set(MethodHandle handler) throws ReflectiveOperationException;
    }

    /** Runs the probe connect with the probe in the slot, and leaves the slot empty. */
    public static boolean hookReached(ConnectSlot slot) throws ReflectiveOperationException {
        Probe probe = new Probe(Thread.currentThread());
        slot.set(probe.asHandle());
        try (SocketChannel channel = SocketChannel.open()) {
            channel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1));
        } catch (IOException expected) {
            // The probe's own exception, or a refusal when the hook is missing.
        } finally {
            slot.set(null);
        }
        return probe.reached();
    }

    /** The connect handler during the self-test: ends the probe thread's connect, leaves every other one to the JDK. */
    static final class Probe {
        private final Thread probeThread;
        private volatile boolean reached;

        Probe(Thread probeThread) {
            this.probeThread = probeThread;
        }

        /** Same type as {@link ConnectRouter#onConnect}: 0 lets the JDK connect. */
        int onConnect(boolean preferIPv6, FileDescriptor fd, InetAddress remote, int port) throws IOException {
            if (Thread.currentThread() != probeThread) {
                return 0;
            }
            reached = true;
            throw new ProbeReachedException();
        }

        boolean reached() {
            return reached;
        }

        MethodHandle asHandle() throws ReflectiveOperationException {
            MethodType type = MethodType.methodType(int.class, boolean.class, FileDescriptor.class, InetAddress.class, int.class);
            return MethodHandles.lookup().findVirtual(Probe.class, "onConnect", type).bindTo(this);
        }
    }

    /** Ends the self-test connect without any system call. */
    static final class ProbeReachedException extends IOException {
        private static final long serialVersionUID = 1L;

        ProbeReachedException() {
            super("loopshift self-test", null);
        }
    }
}
